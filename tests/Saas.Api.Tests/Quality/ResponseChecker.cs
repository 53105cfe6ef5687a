using System.Text;
using System.Text.Json;

namespace Saas.Api.Tests.Quality;

/// <summary>The contract every answer keeps: never a 5xx; a 4xx is RFC 9457 <c>application/problem+json</c> whose
/// <c>status</c> matches and which has a <c>title</c> (or, where the document declares another error format for
/// that status, as the OAuth endpoints do per RFC 6749 §5.2, a body of that format); a 2xx is a documented status
/// whose body has a documented media type and validates against the documented schema.</summary>
public sealed class ResponseChecker(SchemaValidator validator)
{
    public const string Problem = "application/problem+json";

    /// <summary>Why the response breaks the contract, or null when it keeps it.</summary>
    public string? Check(OperationSpec operation, int status, string? mediaType, byte[] body)
    {
        var documented = operation.Response(status);
        var content = documented is { } response && response.TryGetProperty("content", out var c) ? c : (JsonElement?)null;
        if (status >= 500)
            return $"server error {Describe(body)}";
        if (status >= 400)
        {
            // A status documented with its own, non-problem format (OAuth errors): that format is the contract.
            if (content is { } declared && mediaType is not null && mediaType != Problem && declared.TryGetProperty(mediaType, out var own))
                return Conforms(own, body, mediaType);
            if (mediaType != Problem)
                return $"{status} is {mediaType ?? "without a content type"}, not {Problem}: {Describe(body)}";
            if (!TryParse(body, out var problem) || problem.ValueKind != JsonValueKind.Object)
                return $"problem body is not a JSON object: {Describe(body)}";
            if (!problem.TryGetProperty("status", out var member) || member.ValueKind != JsonValueKind.Number || member.GetInt32() != status)
                return $"problem 'status' does not match {status}: {Describe(body)}";
            if (!problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
                return $"problem without a 'title': {Describe(body)}";
            return null;
        }
        if (status is >= 200 and < 300)
        {
            if (documented is null)
                return $"success status {status} is not documented for this operation";
            if (body.Length == 0)
                return status != 204 && content is { } expected && expected.EnumerateObject().Any()
                    ? $"empty body where the document declares {string.Join(", ", expected.EnumerateObject().Select(m => m.Name))}"
                    : null;
            if (content is not { } media || !media.EnumerateObject().Any())
                return $"a {mediaType} body, but the document declares no content for {status}";
            if (mediaType is null || !media.TryGetProperty(mediaType, out var declared))
                return $"media type {mediaType ?? "(none)"} is not among the documented {string.Join(", ", media.EnumerateObject().Select(m => m.Name))}";
            return Conforms(declared, body, mediaType);
        }
        return $"unexpected status {status} {Describe(body)}";
    }

    /// <summary>A request generated from the schema that the API refuses for missing properties shows properties
    /// the document should mark required (other refusals are business rules the schema cannot express).</summary>
    public static string? CheckRefusedValidRequest(int status, byte[] body)
    {
        if (status != 400 || !TryParse(body, out var problem) || problem.ValueKind != JsonValueKind.Object
            || !problem.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.String
            || !detail.GetString()!.StartsWith("Required properties are missing", StringComparison.Ordinal))
            return null;
        return $"a request valid by the schema was refused for properties the document does not mark required: {detail.GetString()}";
    }

    private string? Conforms(JsonElement mediaType, byte[] body, string name)
    {
        if (!mediaType.TryGetProperty("schema", out var schema) || !name.Contains("json", StringComparison.Ordinal))
            return null;
        if (!TryParse(body, out var json))
            return $"body is not JSON: {Describe(body)}";
        var errors = validator.Validate(json, schema);
        return errors.Count == 0 ? null : $"body does not match the documented schema: {string.Join("; ", errors.Take(4))}{(errors.Count > 4 ? $" (+{errors.Count - 4} more)" : "")}";
    }

    private static bool TryParse(byte[] body, out JsonElement json)
    {
        try
        {
            json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 }).RootElement;
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }

    private static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 240 ? text : text[..240] + "…";
    }
}
