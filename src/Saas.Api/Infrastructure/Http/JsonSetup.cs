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
    }
}
