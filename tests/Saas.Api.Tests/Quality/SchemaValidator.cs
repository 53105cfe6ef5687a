using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Saas.Api.Tests.Quality;

/// <summary>Checks a JSON value against the OpenAPI 3.0 schema subset this API's document uses: <c>$ref</c>, <c>type</c>,
/// <c>nullable</c> (also as a oneOf branch), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>,
/// <c>oneOf</c> (with a discriminator), <c>anyOf</c>, <c>allOf</c>, <c>maxLength</c> and the formats uuid, date,
/// date-time, int32 and int64. Returns every mismatch with its JSON path.</summary>
public sealed partial class SchemaValidator(OpenApiContract contract)
{
    public IReadOnlyList<string> Validate(JsonElement value, JsonElement schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors, 0);
        return errors;
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<string> errors, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return; // No schema (or `true`): anything goes.
        if (depth > 64)
        {
            errors.Add($"{path}: nested deeper than the validator follows");
            return;
        }
        // OpenAPI 3.0 ignores siblings of $ref, except that generators put `nullable` next to one.
        var nullableHere = Flag(schema, "nullable");
        schema = contract.Resolve(schema);
        var nullable = nullableHere || Flag(schema, "nullable");

        var type = schema.TryGetProperty("type", out var declared) && declared.ValueKind == JsonValueKind.String ? declared.GetString() : null;
        // OpenAPI 3.0.3: nullable adds null to the declared type. A schema with no type (`{}`, a JsonElement) takes null as
        // anything else, and combinators decide for themselves (an allOf wrapper holds the type in its $ref).
        if (value.ValueKind == JsonValueKind.Null && (nullable || type == "null"))
            return;
        if (value.ValueKind == JsonValueKind.Null && type is not null)
        {
            errors.Add($"{path}: null where the schema does not allow it");
            return;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray())
                Check(value, part, path, errors, depth + 1);

        if (schema.TryGetProperty("oneOf", out var oneOf))
            CheckOneOf(value, schema, oneOf, path, errors, depth);

        if (schema.TryGetProperty("anyOf", out var anyOf)
            && !anyOf.EnumerateArray().Any(branch => Validate(value, branch, depth + 1).Count == 0))
            errors.Add($"{path}: matches none of anyOf");

        if (schema.TryGetProperty("enum", out var allowed)
            && !allowed.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
            errors.Add($"{path}: {Short(value)} is not one of {allowed.GetRawText()}");

        if (type is not null && !HasType(value, type))
        {
            errors.Add($"{path}: expected {type}, got {value.ValueKind} {Short(value)}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema, path, errors);
                break;
            case JsonValueKind.Array when schema.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    Check(item, items, $"{path}[{index++}]", errors, depth + 1);
                break;
            case JsonValueKind.Object:
                CheckObject(value, schema, path, errors, depth);
                break;
        }
    }

    private List<string> Validate(JsonElement value, JsonElement schema, int depth)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors, depth);
        return errors;
    }

    private void CheckOneOf(JsonElement value, JsonElement schema, JsonElement oneOf, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("discriminator", out var discriminator) && value.ValueKind == JsonValueKind.Object)
        {
            var property = discriminator.GetProperty("propertyName").GetString()!;
            if (!value.TryGetProperty(property, out var tag) || tag.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path}: discriminator '{property}' missing");
                return;
            }
            if (discriminator.TryGetProperty("mapping", out var mapping) && mapping.TryGetProperty(tag.GetString()!, out var target))
            {
                foreach (var error in Validate(value, JsonDocument.Parse($$"""{"$ref":{{target.GetRawText()}}}""").RootElement, depth + 1))
                    errors.Add(path + error[1..]);
                return;
            }
            errors.Add($"{path}: discriminator value '{tag.GetString()}' is not mapped");
            return;
        }
        var results = oneOf.EnumerateArray().Select(branch => Validate(value, branch, depth + 1)).ToList();
        var matches = results.Count(r => r.Count == 0);
        if (matches == 1)
            return;
        errors.Add(matches == 0
            ? $"{path}: matches no oneOf branch ({string.Join("; ", results.Select(r => r.FirstOrDefault()).Take(3))})"
            : $"{path}: matches {matches} oneOf branches, expected exactly one");
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<string> errors, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
                if (!value.TryGetProperty(name, out _))
                    errors.Add($"{path}: required property '{name}' is missing");
        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        // allOf parts may declare the properties (HttpValidationProblemDetails); their names are known too.
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (properties.ValueKind == JsonValueKind.Object)
            known.UnionWith(properties.EnumerateObject().Select(p => p.Name));
        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray().Select(contract.Resolve))
                if (part.TryGetProperty("properties", out var partProperties))
                    known.UnionWith(partProperties.EnumerateObject().Select(p => p.Name));

        foreach (var member in value.EnumerateObject())
        {
            var at = $"{path}.{member.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var propertySchema))
                Check(member.Value, propertySchema, at, errors, depth + 1);
            else if (known.Contains(member.Name))
                continue;
            else if (additional.ValueKind == JsonValueKind.False)
                errors.Add($"{at}: property not in the schema (additionalProperties: false)");
            else if (additional.ValueKind == JsonValueKind.Object)
                Check(member.Value, additional, at, errors, depth + 1);
        }
    }

    private static void CheckString(string text, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32())
            errors.Add($"{path}: longer than maxLength {maxLength.GetInt32()}");
        if (!schema.TryGetProperty("format", out var format))
            return;
        var ok = format.GetString() switch
        {
            "uuid" => Guid.TryParseExact(text, "D", out _),
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => DateTimeRfc3339().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            _ => true,
        };
        if (!ok)
            errors.Add($"{path}: \"{Truncate(text, 60)}\" is not a {format.GetString()}");
    }

    private static void CheckNumber(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format == "int32" && !value.TryGetInt32(out _))
            errors.Add($"{path}: {value.GetRawText()} is not an int32");
        if (format == "int64" && !value.TryGetInt64(out _))
            errors.Add($"{path}: {value.GetRawText()} is not an int64");
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    private static bool Flag(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var flag) && flag.ValueKind == JsonValueKind.True;

    private static string Short(JsonElement value) => Truncate(value.GetRawText(), 60);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    // RFC 3339: a full date, 'T', a time with optional fraction, and an offset (Z or ±hh:mm).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeRfc3339();
}
