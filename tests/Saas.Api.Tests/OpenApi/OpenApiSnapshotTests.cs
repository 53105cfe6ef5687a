using System.Runtime.CompilerServices;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.OpenApi;

/// <summary>The served OpenAPI document's operations (method, path, name, tags, security, parameters, request and
/// response schema names, status codes) against a reviewed snapshot, <c>openapi-operations.txt</c>: nothing a client
/// generated from the document relies on may disappear or change unnoticed. An intended change is made to the file in
/// the same commit (run with <c>SAAS_UPDATE_SNAPSHOTS=1</c> to rewrite it, then review the diff).</summary>
public class OpenApiSnapshotTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_documents_operations_are_the_reviewed_ones_in_openapi_operations_txt()
    {
        var served = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        var actual = Describe(JsonDocument.Parse(served.ReadAsText()).RootElement);

        var file = Path.Combine(SourceFolder(), "openapi-operations.txt");
        if (Environment.GetEnvironmentVariable("SAAS_UPDATE_SNAPSHOTS") == "1")
            await File.WriteAllLinesAsync(file, ["# Operations of /swagger/v1/swagger.json (OpenApiSnapshotTests). Change on purpose, review the diff.", .. actual]);
        var reviewed = File.Exists(file) ? (await File.ReadAllLinesAsync(file)).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList() : [];

        var removed = reviewed.Except(actual).ToList();
        var added = actual.Except(reviewed).ToList();
        Assert.True(removed.Count == 0 && added.Count == 0,
            $"The OpenAPI document differs from {file}.\nGone or changed ({removed.Count}):\n- {string.Join("\n- ", removed)}\n" +
            $"New ({added.Count}):\n+ {string.Join("\n+ ", added)}\nIf intended, run with SAAS_UPDATE_SNAPSHOTS=1 and review the diff.");
    }

    /// <summary>One line per fact of an operation, each naming its operation, so that a diff reads on its own.</summary>
    public static List<string> Describe(JsonElement document)
    {
        var lines = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                var op = operation.Value;
                var key = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                lines.Add($"{key} | id {Text(op, "operationId")} | tags {string.Join(",", Items(op, "tags").Select(t => t.GetString()))}");
                foreach (var requirement in Items(op, "security"))
                    lines.Add($"{key} | security {string.Join(" + ", requirement.EnumerateObject().Select(s => $"{s.Name}({string.Join(",", s.Value.EnumerateArray().Select(v => v.GetString()))})"))}");
                if (op.TryGetProperty("security", out var security) && security.GetArrayLength() == 0)
                    lines.Add($"{key} | security none");
                foreach (var parameter in Items(op, "parameters"))
                    lines.Add($"{key} | {parameter.GetProperty("in").GetString()} {parameter.GetProperty("name").GetString()}: " +
                        $"{Schema(parameter.TryGetProperty("schema", out var s) ? s : default)}{(Flag(parameter, "required") ? " required" : "")}");
                if (op.TryGetProperty("requestBody", out var body))
                    foreach (var content in body.GetProperty("content").EnumerateObject())
                        lines.Add($"{key} | body {content.Name}: {Schema(content.Value.TryGetProperty("schema", out var b) ? b : default)}{(Flag(body, "required") ? " required" : "")}");
                foreach (var status in op.GetProperty("responses").EnumerateObject())
                {
                    var contents = status.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                    if (contents.Count == 0)
                        lines.Add($"{key} | {status.Name}");
                    foreach (var content in contents)
                        lines.Add($"{key} | {status.Name} {content.Name}: {Schema(content.Value.TryGetProperty("schema", out var r) ? r : default)}");
                    if (status.Value.TryGetProperty("headers", out var headers))
                        foreach (var header in headers.EnumerateObject())
                            lines.Add($"{key} | {status.Name} header {header.Name}");
                }
            }
        }
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static string Schema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return "(none)";
        if (schema.TryGetProperty("$ref", out var reference))
            return reference.GetString()!.Split('/')[^1];
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(combinator, out var parts))
                return string.Join(combinator == "allOf" ? "&" : "|", parts.EnumerateArray().Select(Schema));
        var type = Text(schema, "type");
        if (type == "array")
            return $"[{Schema(schema.TryGetProperty("items", out var items) ? items : default)}]";
        if (type == "object" && schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            return $"{{{Schema(values)}}}";
        return Text(schema, "format") is { Length: > 0 } format ? $"{type}/{format}" : type;
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static bool Flag(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
