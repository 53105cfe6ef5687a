using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Progress;
using Saas.Api.Features.Statements;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Progress;

/// <summary>Progress is the statement computed early: once a period is over and nothing more arrives, every employee's
/// provisional total is their statement's total.</summary>
public class ProgressAgreementTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    /// <summary>Sales managers and SDRs with every kind of component progress reads: tiers and a threshold, a cap, a team KPI,
    /// a sliding bonus, a revenue share, per-unit tiers, a growth bonus on September, and gates that halve or withhold.</summary>
    private const string Plan = """
        {"name":"Воронка","currency":"RUB","periods":["2026-09","2026-10"],"assignments":[
         {"role":"sales_manager","targetVariablePay":{"amount":40000},"components":[
           {"kind":"attainment","id":"deals","metric":"deals_won","target":3,"weight":0.4,"threshold":0.5,
            "curve":{"mode":"marginal","tiers":[{"from":0,"rate":1},{"from":1,"rate":1.5}]}},
           {"kind":"attainment","id":"revenue","metric":"revenue","target":900000,"weight":0.3,"cap":1.5},
           {"kind":"team","id":"funnel","group":"sales_pod","metric":"cr_mql_to_sql","target":0.3,"weight":0.3},
           {"kind":"step","id":"sql_steps","metric":"sql","target":10,"every":3,"rate":0.05,"maxSteps":5},
           {"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.02},
           {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.8,"factor":0.5}]},
         {"role":"sdr","targetVariablePay":{"amount":20000},"components":[
           {"kind":"attainment","id":"sql","metric":"sql","target":8,"weight":0.6},
           {"kind":"attainment","id":"mql","metric":"mql","target":20,"weight":0.4,"threshold":0.6},
           {"kind":"per_unit","id":"per_mql","metric":"mql","tiers":[{"from":0,"rate":100},{"from":20,"rate":150}]},
           {"kind":"growth","id":"growth","metric":"mql","minimum":0.1,"bonus":{"amount":3000}},
           {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.85}]}]}
        """;

    private async Task<JsonElement> PostAsync(string token, string url, object body, HttpStatusCode status) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        })).ReadAsJson<JsonElement>();

    /// <summary>A seeded September and October: each lead created for someone, answered in time, late or never, and moved down
    /// the funnel with chances that differ per employee, so that their totals do too.</summary>
    private static List<Dictionary<string, object?>> Events(IReadOnlyList<Guid> managers, IReadOnlyList<Guid> sdrs, int seed)
    {
        var random = new Random(seed);
        var events = new List<Dictionary<string, object?>>();
        var start = new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(3));
        void Add(string type, DateTimeOffset at, string lead, Guid employee, params (string Key, object Value)[] more) =>
            events.Add(Actuals.ActualsScenarios.Event($"{type}-{lead}", type, at, lead, employee, more));
        for (var i = 0; i < 420; i++)
        {
            var lead = $"L{i}";
            // Working hours on weekdays of the two months.
            var day = start.AddDays(random.Next(0, 61));
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                day = day.AddDays(2);
            var created = day.AddMinutes(random.Next(0, 8 * 60));
            var sdrIndex = random.Next(sdrs.Count);
            var (sdr, manager) = (sdrs[sdrIndex], managers[random.Next(managers.Count)]);
            Add("lead.created", created, lead, sdr, ("channel", "seo"));
            var answer = random.NextDouble();
            if (answer < 0.9 - 0.05 * sdrIndex)
                Add("lead.first_response", created.AddMinutes(answer < 0.8 ? 3 : 40), lead, sdr);
            if (random.NextDouble() > 0.55 - 0.05 * sdrIndex)
                continue;
            Add("lead.mql", created.AddHours(2), lead, sdr);
            if (random.NextDouble() > 0.5)
                continue;
            Add("lead.assigned", created.AddHours(3), lead, manager);
            Add("lead.sql", created.AddHours(4), lead, manager);
            if (random.NextDouble() < 0.35)
                Add("deal.won", created.AddDays(2), lead, manager, ("dealId", $"D{i}"), ("amount", 50_000m + 10_000m * random.Next(0, 40)), ("currency", "RUB"));
        }
        return events;
    }

    [Fact]
    public async Task When_the_period_is_over_every_employees_provisional_total_is_their_statements_total()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var managers = new List<Guid>();
        var sdrs = new List<Guid>();
        for (var i = 0; i < 6; i++)
            managers.Add((await PostAsync(admin, "/api/v1/employees", new { fullName = $"Менеджер {i}", role = "sales_manager", baseSalary = 90_000m },
                HttpStatusCode.Created)).GetProperty("id").GetGuid());
        for (var i = 0; i < 4; i++)
            sdrs.Add((await PostAsync(admin, "/api/v1/employees", new { fullName = $"SDR {i}", role = "sdr", baseSalary = 60_000m },
                HttpStatusCode.Created)).GetProperty("id").GetGuid());
        var plan = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(Plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-09-01" }, HttpStatusCode.OK);
        var events = Events(managers, sdrs, seed: 24);
        foreach (var batch in events.Chunk(1_000))
            Assert.Equal(batch.Length, (await PostAsync(admin, "/api/v1/actuals/events", new { events = batch }, HttpStatusCode.OK)).GetProperty("accepted").GetInt32());

        using var client = fixture.Http.Client(tenant);
        Assert.Equal("succeeded", (await Calculations.RunAsync(client, "2026-10")).Status);
        var statements = (await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements?period=2026-10&limit=100", admin)).Items;

        Assert.Equal(10, statements.Count);
        var gates = new List<bool>();
        foreach (var statement in statements)
        {
            var progress = await Host.GetAsJson<EmployeeProgressResponse>($"/api/v1/employees/{statement.EmployeeId}/progress?period=2026-10", admin);
            Assert.Equal((statement.EmployeeId, statement.Total), (progress.EmployeeId, progress.Total));
            Assert.Equal(1m, progress.Pace.Elapsed);
            Assert.Equal(progress.Total, progress.ProjectedTotal);
            gates.Add(Assert.Single(progress.Plans).Components.Single(c => c.Id == "sla").Gate!.Met);
        }
        // Not a tenant of zeros: the totals differ, and gates are met and missed.
        Assert.True(statements.Select(s => s.Total).Distinct().Count() >= 6, string.Join(", ", statements.Select(s => s.Total)));
        Assert.Contains(true, gates);
        Assert.Contains(false, gates);
    }
}
