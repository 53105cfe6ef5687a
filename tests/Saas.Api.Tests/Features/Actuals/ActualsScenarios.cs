using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Actuals;
using Saas.Api.Features.Actuals.ListEvents;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Actuals;

/// <summary>Who calls: a user with an access token (<see cref="ApiFixture.TokenAsync"/>) or an integration with an API key.</summary>
public sealed record Caller(string? Token = null, string? ApiKey = null)
{
    public static Caller User(string token) => new(Token: token);

    public static Caller Integration(string key) => new(ApiKey: key);

    public Scenario Apply(Scenario scenario)
    {
        if (Token is not null)
            scenario.As(Token);
        if (ApiKey is not null)
            scenario.WithRequestHeader("X-Api-Key", ApiKey);
        return scenario;
    }
}

/// <summary>What the tests of actuals and of the reports built on them set up and read: employees and API keys (through
/// their features' endpoints, reading only the id or key they need), events posted, events listed.</summary>
public static class ActualsScenarios
{
    /// <summary>An event of an amoCRM lead, with <paramref name="extra"/>'s properties as further fields.</summary>
    public static Dictionary<string, object?> Event(string id, string type, string at, string lead, object? extra = null)
    {
        var fields = new Dictionary<string, object?> { ["source"] = "amocrm", ["externalId"] = id, ["type"] = type, ["occurredAt"] = at, ["leadId"] = lead };
        if (extra is not null)
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
                fields[property.Name] = property.Value;
        return fields;
    }

    /// <summary>An event of an amoCRM lead (or of none) at an instant, naming <paramref name="employee"/>, with <paramref name="more"/> as
    /// further fields: what generated funnels are made of.</summary>
    public static Dictionary<string, object?> Event(string id, string type, DateTimeOffset at, string? lead, Guid? employee,
        params (string Key, object Value)[] more)
    {
        var fields = new Dictionary<string, object?>
        {
            ["source"] = "amocrm",
            ["externalId"] = id,
            ["type"] = type,
            ["occurredAt"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["leadId"] = lead,
            ["employeeId"] = employee,
        };
        foreach (var (key, value) in more)
            fields[key] = value;
        return fields;
    }

    public static async Task<Guid> EmployeeAsync(this IAlbaHost host, string admin, string fullName, decimal baseSalary = 100_000m,
        Dictionary<string, string>? externalIds = null)
    {
        var body = new Dictionary<string, object?> { ["fullName"] = fullName, ["role"] = "sales_manager", ["baseSalary"] = baseSalary };
        if (externalIds is not null)
            body["externalIds"] = externalIds;
        var created = await host.Scenario(s =>
        {
            s.As(admin).Post.Json(body).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return created.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
    }

    public static async Task<string> ApiKeyAsync(this IAlbaHost host, string admin, string name, params string[] scopes)
    {
        var created = await host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name, scopes }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return created.ReadAsJson<JsonElement>().GetProperty("key").GetString()!;
    }

    /// <summary>Posts the events, expecting 200, and answers what was done with them.</summary>
    public static async Task<IngestResult> PostEventsAsync(this IAlbaHost host, Caller caller, params object[] events) =>
        (await host.Scenario(s => caller.Apply(s).Post.Json(new { events }).ToUrl("/api/v1/actuals/events"))).ReadAsJson<IngestResult>();

    /// <summary>The stored events (up to 200), filtered by <paramref name="query"/> (<c>&amp;leadId=L1</c>).</summary>
    public static async Task<IReadOnlyList<EventResponse>> EventsAsync(this IAlbaHost host, Caller caller, string query = "") =>
        (await host.Scenario(s => caller.Apply(s).Get.Url("/api/v1/actuals/events?limit=200" + query))).ReadAsJson<Page<EventResponse>>().Items;
}
