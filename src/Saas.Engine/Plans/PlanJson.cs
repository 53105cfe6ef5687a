using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Saas.Engine.Plans;

/// <summary>The one serializer configuration for plan documents, for jsonb storage and for the API alike.</summary>
public static class PlanJson
{
    public static JsonSerializerOptions Options { get; } = Create(message => new JsonException(message));

    public static string Serialize(PlanDocument plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Throws <see cref="JsonException"/> (with the JSON path) on malformed input, unknown members,
    /// unknown kinds or enum values (naming the allowed ones), and missing required members.</summary>
    public static PlanDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<PlanDocument>(json, Options) ?? throw new JsonException("A plan document cannot be null.");

    /// <summary>The same rules, failing on an enum value that names no member with the caller's exception: a reader
    /// of documents sent by someone can then tell that mistake apart and answer with the allowed values.</summary>
    public static JsonSerializerOptions Create(Func<string, JsonException> unknownEnumValue)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new SnakeCaseEnums(unknownEnumValue) },
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // PostgreSQL jsonb reorders keys ("id" before "kind"), so the discriminator may come anywhere.
            AllowOutOfOrderMetadataProperties = true,
            // Russian labels stay readable in storage and responses; HTML-sensitive characters are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
