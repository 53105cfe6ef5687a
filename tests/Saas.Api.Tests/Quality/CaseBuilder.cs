using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.Api.Tests.Quality;

/// <summary>One request to send. Path parameters not overridden take the world's value (a resource that exists, or
/// a fresh one when <see cref="Fresh"/>); the query is already encoded.</summary>
public sealed record FuzzCase(string Label, bool Valid, IReadOnlyDictionary<string, string> Path, string Query, byte[]? Body, string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers, bool Fresh = false)
{
    /// <summary>The body as text for a failure message, cut short.</summary>
    public string Preview(int length = 300)
    {
        if (Body is null)
            return "(no body)";
        var text = Encoding.UTF8.GetString(Body);
        return text.Length <= length ? text : $"{text[..length]}… ({Body.Length} bytes)";
    }
}

/// <summary>Builds an operation's cases: valid ones generated from its schemas, and hostile ones derived from them
/// (wrong JSON types, missing and unknown fields, huge, fractional and unrepresentable numbers, unicode oddities and
/// invalid UTF-8, deep nesting, empty and null bodies, wrong content types, bad query values, bad path ids, bad
/// headers). Deterministic for a given <see cref="Random"/>.</summary>
public sealed class CaseBuilder(OpenApiContract contract, OperationSpec operation, ValueGenerator generator, Random random, string? seed = null)
{
    public const int DeepNesting = 10_000;
    private const int HugeString = 100_000;
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Fill[] ValidFills = [Fill.All, Fill.Some, Fill.All, Fill.Some, Fill.RequiredOnly, Fill.Some, Fill.All, Fill.Some];

    private static readonly string DeepArray = new string('[', DeepNesting) + new string(']', DeepNesting);
    private static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", DeepNesting)) + "1" + new string('}', DeepNesting);

    /// <summary>Raw JSON tokens that a JsonNode cannot hold, put where a value goes.</summary>
    private static readonly (string Label, string Raw)[] OddNumbers =
    [
        ("1e400", "1e400"), ("-1e400", "-1e400"), ("huge integer", "79228162514264337593543950336000"), ("negative", "-1"),
        ("large negative", "-999999999999"), ("fraction", "0.5"), ("int32 overflow", "2147483648"), ("tiny fraction", "0.0000000000000000000000001"),
        ("1e308", "1e308"), ("exponent", "1E+2"), ("negative zero", "-0"),
    ];

    private static readonly (string Label, string Raw)[] OddStrings =
    [
        ("lone high surrogate", "\"\\ud800\""), ("lone low surrogate", "\"x\\udfffy\""), ("zero-width space", "\"a\\u200bb\""),
        ("RTL override", "\"\\u202eabc\\u202c\""), ("NUL", "\"a\\u0000b\""), ("BOM", "\"\\ufeff\""), ("noncharacter", "\"\\uffff\""),
        ("combining marks", "\"e\\u0301\\u0301\\u0301\\u0301\""), ("emoji", "\"😀👩‍👩‍👧\""), ("whitespace only", "\"   \""), ("empty string", "\"\""),
        ("control characters", "\"\\u0001\\u001b[31m\\r\\n\""),
    ];

    private static readonly (string Label, byte[] Bytes)[] BadUtf8 =
    [
        ("invalid UTF-8 byte FF", [0xFF]), ("truncated UTF-8 sequence", [0xC3, 0x28]), ("UTF-8 encoded surrogate", [0xED, 0xA0, 0x80]),
        ("overlong UTF-8", [0xC0, 0xAF]),
    ];

    public List<FuzzCase> Build()
    {
        var cases = new List<FuzzCase>();
        var validCount = operation.Body is not null || operation.In("query").Any() ? 8 : 4;
        for (var i = 0; i < validCount; i++)
            cases.Add(ValidCase(ValidFills[i % ValidFills.Length], $"valid #{i + 1} ({ValidFills[i % ValidFills.Length]})", fresh: true));
        if (seed is not null)
            cases.Add(ValidCase(Fill.All, "valid seed body", fresh: true) with { Body = Utf8(seed) });

        if (operation.Body is { MediaType: "application/json" } json)
            cases.AddRange(JsonBodyCases(json));
        else if (operation.Body is { MediaType: "application/x-www-form-urlencoded" })
            cases.AddRange(FormBodyCases());
        else if (operation.Body is { MediaType: "text/csv" })
            cases.AddRange(CsvBodyCases());
        else if (operation.Method is "POST" or "PUT" or "PATCH")
        {
            // No body documented: one sent anyway must not confuse the handler.
            cases.Add(With(ValidCase(Fill.All, "unexpected JSON body"), "{\"x\":1}", "application/json"));
            cases.Add(With(ValidCase(Fill.All, "unexpected deep body"), DeepArray, "application/json"));
        }

        cases.AddRange(QueryCases());
        cases.AddRange(PathCases());
        cases.AddRange(HeaderCases());
        return cases;
    }

    private FuzzCase ValidCase(Fill fill, string label, bool fresh = false)
    {
        var body = operation.Body switch
        {
            { MediaType: "application/json" } json => Utf8(Serialize(generator.Valid(json.Schema, null, fill))),
            { MediaType: "application/x-www-form-urlencoded" } form => Utf8(Form(generator.Valid(form.Schema, null, fill))),
            { MediaType: "text/csv" } => Utf8(Csv()),
            _ => null,
        };
        return new FuzzCase(label, true, new Dictionary<string, string>(), ValidQuery(), body, operation.Body?.MediaType,
            ValidHeaders(), fresh && operation.Method == "DELETE");
    }

    private string ValidQuery()
    {
        var pairs = new List<string>();
        foreach (var parameter in operation.In("query"))
        {
            if (!parameter.Required && random.Next(2) == 0)
                continue;
            var value = generator.Valid(parameter.Schema, parameter.Name, Fill.All);
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            if (parameter.Name == "cursor")
                continue; // Only cursors the API returned are valid; bad ones are their own cases.
            pairs.Add($"{parameter.Name}={Uri.EscapeDataString(text)}");
        }
        return string.Join("&", pairs);
    }

    private List<KeyValuePair<string, string>> ValidHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var parameter in operation.In("header"))
            if (parameter.Name == "Idempotency-Key" && random.Next(2) == 0)
                headers.Add(new(parameter.Name, $"fuzz-{random.Next():x8}-{random.Next():x8}"));
        if (TakesIfMatch && random.Next(2) == 0)
            headers.Add(new("If-Match", "*"));
        return headers;
    }

    private bool TakesIfMatch => operation.Responses.TryGetProperty("412", out _);

    private IEnumerable<FuzzCase> JsonBodyCases(BodySpec body)
    {
        FuzzCase Whole(string label, string text, string? contentType = "application/json") => With(ValidCase(Fill.All, label), text, contentType);
        var valid = Serialize(generator.Valid(body.Schema, null, Fill.All));
        yield return Whole("body: empty", "");
        yield return Whole("body: null", "null");
        yield return Whole("body: JSON array instead of object", "[]");
        yield return Whole("body: number instead of object", "42");
        yield return Whole("body: truncated JSON", valid.Length > 1 ? valid[..^1] : "{");
        yield return Whole($"body: arrays nested {DeepNesting} deep", DeepArray);
        yield return Whole($"body: objects nested {DeepNesting} deep", DeepObject);
        if (valid.StartsWith("{\"", StringComparison.Ordinal) && JsonNode.Parse(valid) is JsonObject { Count: > 0 } root)
        {
            var (name, value) = root.First();
            yield return Whole($"body: duplicate property '{name}'", $"{{\"{name}\":{value?.ToJsonString() ?? "null"}," + valid[1..]);
        }
        yield return Whole("content-type: text/plain", valid, "text/plain");
        yield return Whole("content-type: form", "name=fuzz&department=sales", "application/x-www-form-urlencoded");
        yield return Whole("content-type: none", valid, null);
        yield return Whole("content-type: application/json; charset=utf-16", valid, "application/json; charset=utf-16");
        yield return With(ValidCase(Fill.All, "body: UTF-8 BOM before JSON"), [0xEF, 0xBB, 0xBF, .. Utf8(valid)], "application/json");

        // Field-level mutations, each on a random place: these always, then a quarter of the rest.
        string[] always =
        [
            "wrong type", "null", "missing", "unknown property", "huge string", "deep value", "number 1e400", "number huge integer",
            "number negative", "number fraction", "string lone high surrogate", "string zero-width space", "string RTL override", "string NUL",
            "bytes invalid UTF-8 byte FF",
        ];
        var others = new[] { "empty array", "long array" }
            .Concat(OddNumbers.Select(n => "number " + n.Label))
            .Concat(OddStrings.Select(s => "string " + s.Label))
            .Concat(BadUtf8.Select(b => "bytes " + b.Label))
            .Except(always);
        foreach (var kind in always.Concat(others.Where(_ => random.Next(4) == 0)))
            yield return FieldCase(body, kind);
    }

    private FuzzCase FieldCase(BodySpec body, string kind)
    {
        var root = generator.Valid(body.Schema, null, Fill.All);
        var raws = new Dictionary<string, string>();
        byte[]? badBytes = null;
        var spots = Spots(root, "$").ToList();
        string at;
        if (spots.Count == 0)
        {
            // Nothing inside to change (an empty object): the whole body becomes the odd value.
            at = "$";
            root = JsonValue.Create("@@RAW0@@");
            raws["@@RAW0@@"] = kind switch
            {
                _ when kind.StartsWith("number ", StringComparison.Ordinal) => OddNumbers.First(n => "number " + n.Label == kind).Raw,
                _ when kind.StartsWith("string ", StringComparison.Ordinal) => OddStrings.First(s => "string " + s.Label == kind).Raw,
                "deep value" => DeepArray,
                _ => "\"x\"",
            };
        }
        else
        {
            var preferred = kind switch
            {
                _ when kind == "huge string" || kind.StartsWith("string ", StringComparison.Ordinal) || kind.StartsWith("bytes ", StringComparison.Ordinal) =>
                    spots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList(),
                _ when kind.StartsWith("number ", StringComparison.Ordinal) =>
                    spots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList(),
                "missing" or "unknown property" => spots.Where(s => s.Parent is JsonObject).ToList(),
                "long array" => spots.Where(s => s.Value is JsonArray).ToList(),
                _ => spots,
            };
            var spot = (preferred.Count > 0 ? preferred : spots)[random.Next((preferred.Count > 0 ? preferred : spots).Count)];
            at = spot.Path;
            switch (kind)
            {
                case "wrong type":
                    spot.Set(spot.Value switch
                    {
                        JsonObject => new JsonArray(1, 2),
                        JsonArray => new JsonObject { ["x"] = 1 },
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(12345),
                        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create("12"),
                        JsonValue => JsonValue.Create("true"),
                        _ => JsonValue.Create(1),
                    });
                    break;
                case "null":
                    spot.Set(null);
                    break;
                case "missing" when spot.Parent is JsonObject parent:
                    parent.Remove(spot.Key!);
                    break;
                case "unknown property" when spot.Parent is JsonObject parent:
                    parent["fuzzUnknownProperty"] = "surprise";
                    at = spot.Path[..spot.Path.LastIndexOf('.')];
                    break;
                case "huge string":
                    spot.Set(JsonValue.Create(string.Concat(Enumerable.Repeat("xя", HugeString / 2))));
                    break;
                case "empty array":
                    spot.Set(new JsonArray());
                    break;
                case "deep value":
                    spot.Set(JsonValue.Create("@@RAW0@@"));
                    raws["@@RAW0@@"] = random.Next(2) == 0 ? DeepArray : DeepObject;
                    break;
                case "long array":
                    spot.Set(JsonValue.Create("@@RAW0@@"));
                    // Many small items, keeping the body under the API's size limit so that the handler reads it.
                    var item = (spot.Value as JsonArray)?.FirstOrDefault()?.ToJsonString(Relaxed) is { Length: <= 64 } small ? small : "{}";
                    raws["@@RAW0@@"] = "[" + string.Join(",", Enumerable.Repeat(item, 10_000)) + "]";
                    break;
                case var k when k.StartsWith("number ", StringComparison.Ordinal):
                    spot.Set(JsonValue.Create("@@RAW0@@"));
                    raws["@@RAW0@@"] = OddNumbers.First(n => "number " + n.Label == k).Raw;
                    break;
                case var k when k.StartsWith("string ", StringComparison.Ordinal):
                    spot.Set(JsonValue.Create("@@RAW0@@"));
                    raws["@@RAW0@@"] = OddStrings.First(s => "string " + s.Label == k).Raw;
                    break;
                case var k when k.StartsWith("bytes ", StringComparison.Ordinal):
                    spot.Set(JsonValue.Create("ab@@BYTES@@cd"));
                    badBytes = BadUtf8.First(b => "bytes " + b.Label == k).Bytes;
                    break;
                default:
                    spot.Set(JsonValue.Create("@@RAW0@@"));
                    raws["@@RAW0@@"] = "\"x\"";
                    break;
            }
        }
        var text = Serialize(root);
        foreach (var (marker, raw) in raws)
            text = text.Replace($"\"{marker}\"", raw, StringComparison.Ordinal);
        var bytes = Utf8(text);
        if (badBytes is not null)
            bytes = Replace(bytes, Utf8("@@BYTES@@"), badBytes);
        return With(ValidCase(Fill.All, $"field {kind} at {at}"), bytes, "application/json");
    }

    private IEnumerable<FuzzCase> FormBodyCases()
    {
        FuzzCase Whole(string label, string text, string? contentType = "application/x-www-form-urlencoded") =>
            With(ValidCase(Fill.All, label), text, contentType);
        var valid = Form(generator.Valid(operation.Body!.Schema, null, Fill.All));
        yield return Whole("form: empty", "");
        yield return Whole("form: JSON instead", "{\"grant_type\":\"client_credentials\"}", "application/json");
        yield return Whole("form: text/plain", valid, "text/plain");
        yield return Whole("form: no content type", valid, null);
        yield return Whole("form: unknown field", valid + "&fuzz_unknown=1");
        yield return Whole("form: every field twice", valid + "&" + valid);
        yield return Whole("form: huge value", valid + "&client_id=" + new string('x', HugeString));
        yield return Whole("form: percent-encoded NUL", valid.Replace("client_credentials", "client%00credentials", StringComparison.Ordinal) + "&token=a%00b");
        yield return Whole("form: percent-encoded invalid UTF-8", "grant_type=%FF%FE&client_id=%ED%A0%80&token=%C0%AF");
        yield return Whole("form: malformed percent-encoding", "grant_type=%%ZZ&client_id=%");
        yield return Whole("form: no values", "grant_type&client_id&token");
        yield return Whole("form: unicode oddities", "grant_type=%E2%80%AEclient_credentials&client_id=%E2%80%8B&token=%F0%9F%98%80");
        yield return With(ValidCase(Fill.All, "form: raw invalid UTF-8"), [.. Utf8("grant_type=a"), 0xFF, 0xFE, .. Utf8("&token=b")],
            "application/x-www-form-urlencoded");
    }

    private string Csv() => random.Next(3) switch
    {
        0 => "source,externalId,type,occurredAt,leadId\namocrm,csv-" + random.Next() + ",lead.created,2026-11-02T09:00:00Z,L1\n",
        1 => "date,channel,amount,currency\n2026-11-02,seo,1000,RUB\n",
        _ => "source,externalId,type,occurredAt,leadId,channel\namocrm,csv-" + random.Next() + ",lead.created,2026-11-03T09:00:00+03:00,L7,seo\n",
    };

    private IEnumerable<FuzzCase> CsvBodyCases()
    {
        FuzzCase Whole(string label, byte[] bytes, string? contentType = "text/csv") => With(ValidCase(Fill.All, label), bytes, contentType);
        const string header = "source,externalId,type,occurredAt,leadId\n";
        yield return Whole("csv: empty", []);
        yield return Whole("csv: header only", Utf8(header));
        yield return Whole("csv: JSON content type", Utf8(header + "amocrm,e1,lead.created,2026-11-02T09:00:00Z,L1\n"), "application/json");
        yield return Whole("csv: no content type", Utf8(header + "amocrm,e1,lead.created,2026-11-02T09:00:00Z,L1\n"), null);
        yield return Whole("csv: huge cell", Utf8(header + "amocrm," + new string('x', HugeString) + ",lead.created,2026-11-02T09:00:00Z,L1\n"));
        yield return Whole("csv: 10 000 columns", Utf8(string.Join(",", Enumerable.Range(0, 10_000).Select(i => "c" + i)) + "\n1\n"));
        yield return Whole("csv: invalid UTF-8", [.. Utf8(header + "amocrm,e2,lead.created,2026-11-02T09:00:00Z,"), 0xFF, 0xC3, 0x28, (byte)'\n']);
        yield return Whole("csv: NUL and control characters", Utf8(header + "amocrm,e3\0,lead.created,2026-11-02T09:00:00Z,L\u0001\u202e\n"));
        yield return Whole("csv: unterminated quote", Utf8(header + "amocrm,\"e4,lead.created,2026-11-02T09:00:00Z,L1\n"));
        yield return Whole("csv: numbers out of range", Utf8("date,channel,amount,currency\n2026-11-02,seo,1e400,RUB\n2026-02-30,seo,-1,RUB\n2026-11-02,seo,0.5,XXX\n"));
        yield return Whole("csv: bad dates", Utf8(header + "amocrm,e5,lead.created,2026-13-45T99:00:00Z,L1\namocrm,e6,lead.created,not-a-date,L1\n"));
        yield return Whole("csv: binary", [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 256))]);
        yield return Whole("csv: unicode oddities", Utf8(header + "amocrm,\u200be7,lead.created,2026-11-02T09:00:00Z,\ufeffL\u0301\n"));
    }

    private IEnumerable<FuzzCase> QueryCases()
    {
        var parameters = operation.In("query").ToList();
        if (parameters.Count == 0)
        {
            // Parameters the operation does not take must not change its answer.
            yield return ValidCase(Fill.All, "query: parameters the operation does not take") with
            {
                Query = "limit=-1&cursor=%00&fuzz=%ED%A0%80&" + new string('q', 3000),
                Valid = false,
            };
            yield break;
        }
        var cases = new List<(string Label, string Query)>();
        foreach (var parameter in parameters)
        {
            var bad = BadQueryValues(parameter);
            // limit=-1 and a huge limit always; two others per parameter.
            var picks = parameter.Name == "limit" ? bad.Take(2).Concat(bad.Skip(2).OrderBy(_ => random.Next()).Take(2)) : bad.OrderBy(_ => random.Next()).Take(2);
            cases.AddRange(picks.Select(value => ($"query {parameter.Name}={Short(value)}", $"{parameter.Name}={value}")));
        }
        cases.Add(("query: every parameter twice", string.Join("&", parameters.Select(p => $"{p.Name}=1&{p.Name}=2"))));
        cases.Add(("query: unknown parameter", "fuzzUnknown=%00&" + string.Join("&", parameters.Select(p => $"{p.Name}="))));
        foreach (var (label, query) in cases.Take(16))
            yield return ValidCase(Fill.All, label) with { Query = query, Valid = false };
    }

    private List<string> BadQueryValues(ParameterSpec parameter)
    {
        var schema = contract.Resolve(parameter.Schema);
        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var common = new List<string> { "%00", new('z', 5000), "%ED%A0%80", "%FF" };
        return (parameter.Name, type, format) switch
        {
            ("limit", _, _) => ["-1", "99999999999", "0", "abc", "1.5", "1e3", "201", "%00"],
            ("cursor", _, _) => ["not-a-cursor", "%00", new('A', 5000), "djE6enp6eg", "v1%3A0000", "djE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA", "===="],
            (_, _, "uuid") => ["not-a-guid", "%00", "%7B00000000-0000-0000-0000-000000000000%7D", new('9', 5000), "00000000-0000-0000-0000-00000000000G"],
            (_, "boolean", _) => ["maybe", "2", "%00", "TRUE%20"],
            (_, "integer" or "number", _) => ["-1", "99999999999999999999", "abc", "1e400", "NaN"],
            ("period", _, _) => ["2026-13", "2026-Q5", "2026-00", "0000-01", "9999-12", "2026-11-01", "%EF%BC%92026-11", "abcd", "-2026-11", new('9', 5000), "2026-W01"],
            (_, _, "date") => ["2026-02-30", "26-11-01", "not-a-date", "9999-99-99"],
            _ => common,
        };
    }

    private IEnumerable<FuzzCase> PathCases()
    {
        foreach (var parameter in operation.In("path"))
        {
            var schema = contract.Resolve(parameter.Schema);
            var isGuid = schema.TryGetProperty("format", out var format) && format.GetString() == "uuid";
            List<string> bad = parameter.Name == "period"
                ? ["2026-13", "2026-Q9", "%EF%BC%92026-11", new('9', 3000), "0000-00", "2026-1"]
                : isGuid
                    ? ["not-a-guid", new('9', 3000), Guid.NewGuid().ToString(), "%00", "00000000-0000-0000-0000-000000000000", "%7B" + Guid.NewGuid() + "%7D"]
                    : ["..%2F..%2Fetc", new('z', 3000), "%00", "%ED%A0%80", "%E2%80%AE%E2%80%8B"];
            foreach (var value in bad.OrderBy(_ => random.Next()).Take(4))
                yield return ValidCase(Fill.All, $"path {parameter.Name}={Short(value)}") with
                {
                    Path = new Dictionary<string, string> { [parameter.Name] = value },
                    Valid = false,
                };
        }
    }

    private IEnumerable<FuzzCase> HeaderCases()
    {
        if (TakesIfMatch)
            foreach (var value in new[] { "W/\"1\"", "\"abc\"", "\"99999999999\"", "\"-1\"", "1", new string('"', 3) }.OrderBy(_ => random.Next()).Take(2))
                yield return ValidCase(Fill.All, $"If-Match: {value}") with { Headers = [new("If-Match", value)], Valid = false };
        if (operation.In("header").Any(p => p.Name == "Idempotency-Key"))
            foreach (var value in new[] { new string('k', 300), " ", "\t%00" })
                yield return ValidCase(Fill.All, $"Idempotency-Key: {Short(value)}") with { Headers = [new("Idempotency-Key", value)], Valid = false };
    }

    private static FuzzCase With(FuzzCase valid, string text, string? contentType) => With(valid, Utf8(text), contentType);

    private static FuzzCase With(FuzzCase valid, byte[] body, string? contentType) => valid with { Body = body, ContentType = contentType, Valid = false };

    private static string Serialize(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    private static string Form(JsonNode? node) => node is not JsonObject fields
        ? ""
        : string.Join("&", fields.Select(field => $"{field.Key}={Uri.EscapeDataString(field.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : field.Value?.ToJsonString() ?? "")}"));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Short(string value) => value.Length <= 40 ? value : $"{value[..20]}…({value.Length} chars)";

    private static byte[] Replace(byte[] source, byte[] marker, byte[] replacement)
    {
        var at = source.AsSpan().IndexOf(marker);
        return at < 0 ? source : [.. source[..at], .. replacement, .. source[(at + marker.Length)..]];
    }

    /// <summary>Every place inside a JSON value where another value can be put.</summary>
    private static IEnumerable<Spot> Spots(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    yield return new Spot(obj, key, -1, value, $"{path}.{key}");
                    foreach (var inner in Spots(value, $"{path}.{key}"))
                        yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return new Spot(array, null, i, array[i], $"{path}[{i}]");
                    foreach (var inner in Spots(array[i], $"{path}[{i}]"))
                        yield return inner;
                }
                break;
        }
    }

    private sealed record Spot(JsonNode Parent, string? Key, int Index, JsonNode? Value, string Path)
    {
        public void Set(JsonNode? value)
        {
            if (Parent is JsonObject obj)
                obj[Key!] = value;
            else
                ((JsonArray)Parent)[Index] = value;
        }
    }
}
