using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.Api.Tests.Quality;

/// <summary>How much of an object a valid value fills in: every documented property, only the required ones, or a
/// random half of the optional ones.</summary>
public enum Fill
{
    All,
    RequiredOnly,
    Some,
}

/// <summary>Schema-conforming values. The schema decides the shape (types, enums, formats, required, oneOf); a table
/// of well-known property names supplies values the API's rules will accept (a currency it knows, a metric from the
/// live catalogue, the ids of resources that exist in the tenant), so that valid requests get past validation and
/// the handler and its response are exercised.</summary>
public sealed class ValueGenerator(OpenApiContract contract, FuzzWorld world, Random random, string path)
{
    private const int MaxDepth = 16;
    private static readonly string[] Departments = ["marketing", "sales", "lead_generation", "account_management", "customer_service"];
    private static readonly string[] EventTypes =
    [
        "lead.created", "lead.touch", "lead.assigned", "lead.mql", "lead.sal", "lead.sql", "lead.first_response", "lead.disqualified",
        "deal.won", "deal.lost", "deal.refunded", "account.renewed", "account.cross_sold", "account.churned", "complaint.registered",
    ];
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public JsonNode? Valid(JsonElement schema, string? name, Fill fill, int depth = 0)
    {
        var resolved = contract.Resolve(schema);
        if (resolved.ValueKind != JsonValueKind.Object)
            return JsonValue.Create("x");
        if (resolved.TryGetProperty("example", out var example) && random.Next(3) == 0)
            return JsonNode.Parse(example.GetRawText());
        if (resolved.TryGetProperty("oneOf", out var oneOf) || resolved.TryGetProperty("anyOf", out oneOf))
        {
            var branches = oneOf.EnumerateArray().ToList();
            return Valid(branches[random.Next(branches.Count)], name, fill, depth + 1);
        }
        if (resolved.TryGetProperty("allOf", out var allOf) && allOf.GetArrayLength() == 1)
            return Valid(allOf[0], name, fill, depth); // A wrapper that makes a $ref nullable.
        if (resolved.TryGetProperty("allOf", out allOf))
        {
            var merged = new JsonObject();
            foreach (var part in allOf.EnumerateArray())
                if (Valid(part, name, fill, depth + 1) is JsonObject piece)
                    foreach (var (key, value) in piece.ToList())
                    {
                        piece.Remove(key);
                        merged[key] = value;
                    }
            return merged;
        }
        if (resolved.TryGetProperty("enum", out var options))
        {
            // A goal's direction must agree with its from → to, which the hints make an increase.
            if (name == "direction" && options.EnumerateArray().Any(o => o.GetString() == "increase"))
                return JsonValue.Create("increase");
            var choices = options.EnumerateArray().ToList();
            return JsonNode.Parse(choices[random.Next(choices.Count)].GetRawText());
        }

        var type = resolved.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var format = resolved.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "string" => JsonValue.Create(String(name, format)),
            "integer" => JsonValue.Create((int)Number(name, integer: true)),
            "number" => JsonValue.Create(Number(name, integer: false)),
            "boolean" => JsonValue.Create(name == "active" || random.Next(2) == 0),
            "array" => Array(resolved, name, fill, depth),
            _ when resolved.TryGetProperty("properties", out _) || resolved.TryGetProperty("additionalProperties", out _) =>
                Object(resolved, name, fill, depth),
            _ => JsonValue.Create("x"),
        };
    }

    private JsonNode Array(JsonElement schema, string? name, Fill fill, int depth)
    {
        var array = new JsonArray();
        if (depth >= MaxDepth || !schema.TryGetProperty("items", out var items))
            return array;
        var count = 1 + random.Next(2);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var item = Valid(items, Singular(name), fill, depth + 1);
            // Lists of names (scopes, events, periods) are sets: a repeated member is a mistake the API may refuse.
            if (item is JsonValue && !seen.Add(item.ToJsonString()))
                continue;
            array.Add(item);
        }
        return array;
    }

    private JsonObject Object(JsonElement schema, string? name, Fill fill, int depth)
    {
        var result = new JsonObject();
        if (depth >= MaxDepth)
            return result;
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var propertySchema = property.Value;
                if (contract.Resolve(propertySchema) is var resolved && resolved.ValueKind == JsonValueKind.Object
                    && resolved.TryGetProperty("readOnly", out var readOnly) && readOnly.GetBoolean())
                    continue;
                var include = required.Contains(property.Name) || fill switch
                {
                    Fill.All => true,
                    Fill.RequiredOnly => false,
                    _ => random.Next(2) == 0,
                };
                if (include)
                    result[property.Name] = Valid(propertySchema, property.Name, fill, depth + 1);
            }
            if (fill != Fill.RequiredOnly)
                KeepOneOfEach(result, properties, fill, depth);
        }
        else if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            // A map: keys the API knows for it (metric names, an external system, a team group).
            var keys = name switch
            {
                "externalIds" => ["amocrm"],
                "groupMetrics" or "previousGroupMetrics" or "spifMetrics" => ["sales", "marketing"],
                _ => world.Metrics.Count > 0 ? world.Metrics : ["leads"],
            };
            var count = 1 + random.Next(2);
            for (var i = 0; i < count; i++)
            {
                var key = keys[random.Next(keys.Count)];
                result[key] = Valid(values, key, fill, depth + 1);
            }
        }
        return result;
    }

    /// <summary>Rules the schema cannot express: of these properties, a request names exactly one (an assignment is for a
    /// role, a team or an employee; a pay amount is absolute or relative; a curve has tiers or points).</summary>
    private static readonly string[][] ExactlyOne =
    [
        ["role", "teamId", "employeeId"], ["amount", "ofBase"], ["amount", "ofTarget"], ["employeeId", "employeeExternalId"],
        ["rate", "tiers"], ["tiers", "points"], ["teamId", "roles", "description"], ["positions", "description"],
    ];

    private void KeepOneOfEach(JsonObject result, JsonElement properties, Fill fill, int depth)
    {
        foreach (var group in ExactlyOne)
        {
            if (!group.All(name => properties.TryGetProperty(name, out _)))
                continue;
            var keep = group[random.Next(group.Length)];
            foreach (var other in group.Where(name => name != keep))
                result.Remove(other);
            if (!result.ContainsKey(keep))
                result[keep] = Valid(properties.GetProperty(keep), keep, fill, depth + 1);
        }
    }

    public string String(string? name, string? format)
    {
        switch (format)
        {
            case "uuid":
                return Id(name);
            case "date":
                return name switch
                {
                    "effectiveFrom" => "2026-11-01",
                    "endDate" or "to" => $"2026-12-{random.Next(1, 29):00}",
                    _ => $"2026-11-{random.Next(1, 29):00}",
                };
            case "date-time":
                return $"2026-11-{random.Next(1, 29):00}T{random.Next(9, 18):00}:{random.Next(60):00}:00+03:00";
        }
        var n = random.Next(1_000_000);
        return name switch
        {
            "email" => $"fuzz{n}@example.com",
            "fullName" => Pick("Анна Петрова", "John Smith", "Zoë Ng"),
            "name" when path.Contains("/partner/clients", StringComparison.Ordinal) => $"Fuzz app {n}",
            "name" => Pick($"Fuzz {n}", $"Отдел {n}"),
            "slug" => $"fuzz-{n}",
            "currency" => "RUB",
            "timeZone" => Pick("Europe/Moscow", "UTC"),
            "locale" => Pick("ru", "en"),
            "department" => Pick(Departments),
            "role" when path.Contains("/users", StringComparison.Ordinal) => Pick("admin", "manager", "employee"),
            // The seeded plan's assignment is for sales managers; what-ifs and reviews must name a subject it covers.
            "role" when path.Contains("/plans/{id}/", StringComparison.Ordinal) => "sales_manager",
            "role" => Pick(world.Roles),
            "scope" when path.Contains("/connect/", StringComparison.Ordinal) => "partner",
            "scope" => Pick("actuals:write", "actuals:read"),
            "event" when path.Contains("/webhooks", StringComparison.Ordinal) => Pick("sla.breached", "statement.approved", "plan.activated"),
            "url" => $"https://hooks.example.com/fuzz/{n}",
            "redirectUri" => $"https://app.example.com/cb/{n}",
            "status" when path.Contains("/partner/tenants", StringComparison.Ordinal) => "active",
            "status" when path.Contains("/users", StringComparison.Ordinal) => Pick("invited", "active", "deactivated"),
            "status" when path.Contains("/plans", StringComparison.Ordinal) => Pick("draft", "active", "retired"),
            "status" when path.Contains("statements", StringComparison.Ordinal) => Pick("draft", "approved", "superseded"),
            "status" when path.Contains("/deliveries", StringComparison.Ordinal) => Pick("pending", "succeeded", "failed"),
            "revisions" => Pick("latest", "all"),
            "groupBy" when path.Contains("/sla/first-response", StringComparison.Ordinal) => Pick("employee", "team", "channel"),
            "groupBy" when path.Contains("/disqualifications", StringComparison.Ordinal) => Pick("reason", "campaign", "hypothesis", "channel"),
            "groupBy" => Pick("channel", "campaign", "hypothesis", "employee"),
            "kind" => Pick("events", "spend", "metrics"),
            "type" when path.Contains("/actuals", StringComparison.Ordinal) => Pick(EventTypes),
            "source" => "amocrm",
            "externalId" => $"x{n}",
            "externalSystem" => "amocrm",
            "employeeExternalId" => "1001",
            "leadId" => Pick("L1", "L2", $"L{n}"),
            "dealId" => Pick("D1", $"D{n}"),
            "accountId" => "A1",
            "channel" => Pick("seo", "context", "direct"),
            "campaign" => Pick("spring", "c1"),
            "hypothesis" => "h1",
            "reasonCode" or "code" => Pick("not_target", "no_budget", "spam"),
            "metric" when path.Contains("/generate", StringComparison.Ordinal) => Pick("revenue", "mql", "sql", "deals_won"),
            "metric" => world.Metrics.Count > 0 ? Pick(world.Metrics) : "leads",
            "component" or "componentId" => "deals",
            "group" => "sales",
            "period" when path.Contains("/reports/", StringComparison.Ordinal) || path.Contains("/sla/", StringComparison.Ordinal) =>
                Pick("2026-11", "2026-12", "2026-Q4"),
            "period" => Pick("2026-11", "2026-12"),
            "activationToken" when world.ActivationToken is { } token => token,
            "day" => Pick(Days),
            "from" => "09:00",
            "to" => "18:00",
            "attributionModel" => Pick("first_touch", "last_touch", "last_non_direct"),
            "firstResponseSlaFrom" => Pick("lead.created", "lead.assigned"),
            "text" or "description" when path.Contains("/assistant", StringComparison.Ordinal) || path.Contains("/teams", StringComparison.Ordinal)
                || path.Contains("/generate", StringComparison.Ordinal) =>
                Pick("два маркетолога и три менеджера по продажам", "two marketers, one SMM specialist and three sales managers"),
            "password" => "Correct-Horse-Battery-9",
            "secret" => "whsec_fuzz_0123456789abcdefghij",
            "grant_type" => "client_credentials",
            "client_id" => Saas.Api.Tests.Infrastructure.ApiFactory.PartnerId,
            "client_secret" => Saas.Api.Tests.Infrastructure.ApiFactory.PartnerSecret,
            "token_type_hint" => Pick("access_token", "refresh_token"),
            "cursor" => "",
            _ => Pick($"fuzz {n}", $"проверка {n}"),
        };
    }

    public double Number(string? name, bool integer) => name switch
    {
        "limit" => random.Next(1, 201),
        "baseSalary" => random.Next(50, 150) * 1000,
        "amount" => random.Next(1, 100) * 1000,
        "count" or "headcount" => random.Next(1, 4),
        "horizonMonths" => 3,
        "maxSteps" => 5,
        "firstResponseSlaMinutes" => 5,
        "nonTargetLeadMinutes" => 15,
        "workingHoursPerMonth" => 160,
        "churnWindowDays" => 30,
        "weight" or "share" or "factor" => Pick(0.5, 1),
        "rate" or "ofTarget" or "ofBase" or "grossMargin" => Pick(0.1, 0.25, 0.5),
        "from" when path.Contains("/generate", StringComparison.Ordinal) => 100,
        "to" when path.Contains("/generate", StringComparison.Ordinal) => 150,
        "attainment" or "payout" or "from" => Pick(0, 0.8, 1, 1.2),
        "minimum" => 1,
        "target" or "every" or "value" => random.Next(1, 50),
        "threshold" => 0.8,
        "cap" => 1.5,
        _ when name?.StartsWith("cr", StringComparison.Ordinal) == true => Pick(0.1, 0.2, 0.3),
        _ when integer => random.Next(1, 10),
        _ => Math.Round(random.NextDouble() * 1000, 2),
    };

    private string Id(string? name) => name switch
    {
        "teamId" when world.TeamId is { } team && random.Next(4) > 0 => team.ToString(),
        "employeeId" when world.EmployeeId is { } employee && random.Next(4) > 0 => employee.ToString(),
        _ => new Guid(random.Next(), (short)random.Next(short.MaxValue), 0x7000, [.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]).ToString(),
    };

    private static string? Singular(string? name) => name switch
    {
        "scopes" => "scope",
        "events" => "event",
        "periods" => "period",
        "redirectUris" => "redirectUri",
        "holidays" => "holiday",
        "appliesTo" => "component",
        _ => name,
    };

    private T Pick<T>(params IReadOnlyList<T> options) => options[random.Next(options.Count)];
}
