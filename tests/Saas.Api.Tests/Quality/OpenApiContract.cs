using System.Text.Json;

namespace Saas.Api.Tests.Quality;

/// <summary>Who an operation lets in, read from its security requirements.</summary>
public enum Credential
{
    Anonymous,
    User,
    Partner,
    ApiKey,
    UserOrApiKey,
}

public sealed record ParameterSpec(string Name, string In, bool Required, JsonElement Schema);

public sealed record BodySpec(string MediaType, JsonElement Schema, bool Required);

public sealed record OperationSpec(string Method, string Path, Credential Credential, IReadOnlyList<ParameterSpec> Parameters, BodySpec? Body,
    JsonElement Responses)
{
    public string Key => $"{Method} {Path}";

    public IEnumerable<ParameterSpec> In(string location) => Parameters.Where(p => p.In == location);

    /// <summary>The documented response for a status code, if any.</summary>
    public JsonElement? Response(int status) =>
        Responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) ? response
        : Responses.TryGetProperty($"{status / 100}XX", out var range) ? range
        : null;
}

/// <summary>The OpenAPI 3.0 document as served, reduced to what the fuzzer needs: operations, their parameters,
/// bodies, responses and credentials, and schema look-up with <c>$ref</c> resolution.</summary>
public sealed class OpenApiContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private readonly JsonElement _schemas;

    public OpenApiContract(string json)
    {
        Root = JsonDocument.Parse(json).RootElement.Clone();
        _schemas = Root.GetProperty("components").GetProperty("schemas");
        var operations = new List<OperationSpec>();
        foreach (var path in Root.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var common) ? common.EnumerateArray().ToList() : [];
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                var operation = method.Value;
                var parameters = shared.Concat(operation.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(p => Resolve(p))
                    .Select(p => new ParameterSpec(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(),
                        p.TryGetProperty("schema", out var schema) ? schema : default))
                    .ToList();
                BodySpec? body = null;
                if (operation.TryGetProperty("requestBody", out var requestBody))
                {
                    var content = Resolve(requestBody).GetProperty("content").EnumerateObject().First();
                    body = new BodySpec(content.Name, content.Value.TryGetProperty("schema", out var schema) ? schema : default,
                        requestBody.TryGetProperty("required", out var required) && required.GetBoolean());
                }
                operations.Add(new OperationSpec(method.Name.ToUpperInvariant(), path.Name, CredentialOf(operation), parameters, body,
                    operation.GetProperty("responses")));
            }
        }
        Operations = operations;
    }

    public JsonElement Root { get; }

    public IReadOnlyList<OperationSpec> Operations { get; }

    /// <summary>Follows <c>$ref</c>s (local ones, as this document uses) until a schema that is not a reference.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            if (hops > 32)
                throw new InvalidOperationException("A $ref cycle without content.");
            var pointer = reference.GetString()!;
            const string prefix = "#/components/schemas/";
            schema = pointer.StartsWith(prefix, StringComparison.Ordinal)
                ? _schemas.GetProperty(pointer[prefix.Length..])
                : Pointer(pointer);
        }
        return schema;
    }

    private JsonElement Pointer(string pointer)
    {
        var node = Root;
        foreach (var segment in pointer.TrimStart('#', '/').Split('/'))
            node = node.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        return node;
    }

    private static Credential CredentialOf(JsonElement operation)
    {
        if (!operation.TryGetProperty("security", out var security) || security.GetArrayLength() == 0)
            return Credential.Anonymous;
        var schemes = security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject()
            .Select(scheme => (scheme.Name, Scopes: scheme.Value.EnumerateArray().Select(s => s.GetString()).ToList()))).ToList();
        var oauth = schemes.FirstOrDefault(s => s.Name == "oauth2");
        var apiKey = schemes.Any(s => s.Name == "apiKey");
        if (oauth.Name is null)
            return apiKey ? Credential.ApiKey : Credential.Anonymous;
        if (oauth.Scopes.Contains("partner"))
            return Credential.Partner;
        return apiKey ? Credential.UserOrApiKey : Credential.User;
    }
}
