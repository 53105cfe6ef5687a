using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saas.Api.Infrastructure.Http;

public static class JsonSetup
{
    /// <summary>Strict reading: an unknown or duplicated property is an error rather than silently ignored (no
    /// mass assignment), numbers are numbers, enums are snake_case strings.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new NoNulStrings());
    }

    /// <summary>PostgreSQL text cannot hold U+0000; refusing it while reading makes it the field's error (and, in a
    /// batch, that item's) instead of a failed write later.</summary>
    private sealed class NoNulStrings : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                throw new JsonException("The value could not be converted: it contains the character U+0000.");
            return value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
