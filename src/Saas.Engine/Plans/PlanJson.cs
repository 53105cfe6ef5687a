using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Saas.Engine.Plans;

/// <summary>The one serializer configuration for plan documents, for jsonb storage and for the API alike.</summary>
public static class PlanJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(PlanDocument plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Throws <see cref="JsonException"/> (with the JSON path) on malformed input, unknown members,
    /// unknown kinds or enum values, and missing required members.</summary>
    public static PlanDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<PlanDocument>(json, Options) ?? throw new JsonException("A plan document cannot be null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
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
