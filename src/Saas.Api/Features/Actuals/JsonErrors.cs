using System.Text.Json;

namespace Saas.Api.Features.Actuals;

public static class JsonErrors
{
    /// <summary>One item's JSON error as a field error: the member it happened at and what was wrong, without .NET type names.</summary>
    public static Dictionary<string, string[]> Describe(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
        var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown property."
            : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "The value has the wrong JSON type or format."
            : "The JSON is malformed here.";
        return new Dictionary<string, string[]> { [field] = [message] };
    }
}
