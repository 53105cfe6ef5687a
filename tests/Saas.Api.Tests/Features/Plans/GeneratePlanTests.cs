using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Features.Assistant;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Plans;

public class GeneratePlanTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private static readonly string[] SeedPeriods = ["2026-12", "2027-01", "2027-02"];

    private static JsonElement Assignment(JsonElement plan, string role) =>
        plan.GetProperty("document").GetProperty("assignments").EnumerateArray().Single(a => a.GetProperty("role").GetString() == role);

    [Fact]
    public async Task The_seed_example_generates_a_draft_from_the_russian_text_alone()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync("ru"));
        var response = await admin.PostAsJsonAsync("/api/v1/plans/generate", new { description = AssistantTests.SeedText, periods = SeedPeriods });
        var plan = await response.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/plans/{plan.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal("draft", plan.GetProperty("status").GetString());
        Assert.Equal("generated", plan.GetProperty("source").GetString());
        Assert.Equal("RUB", plan.GetProperty("document").GetProperty("currency").GetString());
        Assert.Equal(["marketer", "smm", "sales_manager"],
            plan.GetProperty("document").GetProperty("assignments").EnumerateArray().Select(a => a.GetProperty("role").GetString()));

        // CR 15 % → 20 % in 3 months: 16.67 %, 18.33 %, 20 % by month.
        var sales = Assignment(plan, "sales_manager");
        var cr = sales.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("metric").ValueKind == JsonValueKind.String
            && c.GetProperty("metric").GetString() == "cr_lead_to_won");
        Assert.Equal(0.1667m, cr.GetProperty("target").GetDecimal());
        var ramp = sales.GetProperty("overrides").EnumerateArray().Where(o => o.GetProperty("component").GetString() == cr.GetProperty("id").GetString())
            .Select(o => (o.GetProperty("period").GetString(), o.GetProperty("target").GetDecimal()));
        Assert.Equal([("2027-01", 0.1833m), ("2027-02", 0.2m)], ramp);
        Assert.Contains(sales.GetProperty("components").EnumerateArray(), c => c.GetProperty("kind").GetString() == "gate");

        var generation = plan.GetProperty("generation");
        Assert.Equal(3, generation.GetProperty("understood").GetProperty("roles").GetArrayLength());
        var salesKpis = generation.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("role").GetString() == "sales_manager").GetProperty("kpis");
        Assert.All(salesKpis.EnumerateArray(), k => Assert.Matches("[а-яА-Я]", k.GetProperty("rationale").GetString()!));
        Assert.Equal(3, generation.GetProperty("cost").GetProperty("totals").GetArrayLength());
        Assert.NotEmpty(generation.GetProperty("assumptions").EnumerateArray());

        // The draft is a plan like any other: it simulates.
        var simulated = await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan.GetProperty("id").GetGuid()}/simulate", new
        {
            period = "2026-12",
            actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_lead_to_won"] = 0.1667m } } },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Number, simulated.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task The_same_input_gives_the_same_plan_apart_from_ids_and_timestamps()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var body = new { description = AssistantTests.SeedText, periods = SeedPeriods };
        var first = await (await admin.PostAsJsonAsync("/api/v1/plans/generate", body)).AssertStatusAsync(HttpStatusCode.Created);
        var second = await (await admin.PostAsJsonAsync("/api/v1/plans/generate", body)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("document").GetRawText(), second.GetProperty("document").GetRawText());
        Assert.Equal(first.GetProperty("generation").GetRawText(), second.GetProperty("generation").GetRawText());
    }

    [Fact]
    public async Task A_team_and_structured_goals_generate_in_english_for_an_english_tenant()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync("en"));
        var team = await (await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = "Revenue team",
            positions = new[] { new { role = "sales_manager", headcount = 2 }, new { role = "sdr", headcount = 1 } },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var teamId = team.GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Ann", role = "sales_manager", teamId, baseSalary = 120_000m }))
            .AssertStatusAsync(HttpStatusCode.Created);

        var plan = await (await admin.PostAsJsonAsync("/api/v1/plans/generate", new
        {
            teamId,
            goals = new[] { new { metric = "cr_sql_to_won", from = 0.2m, to = 0.25m, horizonMonths = 2 } },
            economics = new { averageDealSize = 300_000m, crSqlToWon = 0.2m },
            periods = new[] { "2027-01", "2027-02" },
            name = "Q1 sales",
        })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal("Q1 sales", plan.GetProperty("name").GetString());
        var roles = plan.GetProperty("generation").GetProperty("roles").EnumerateArray().ToList();
        var sales = roles.Single(r => r.GetProperty("role").GetString() == "sales_manager");
        Assert.Equal(2, sales.GetProperty("count").GetInt32());
        Assert.Equal(120_000m, sales.GetProperty("baseSalary").GetDecimal()); // the employees' own salary, not a default
        var kpi = sales.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("metric").GetString() == "cr_sql_to_won");
        Assert.DoesNotMatch("[а-яА-Я]", kpi.GetProperty("rationale").GetString()!);
        Assert.False(plan.GetProperty("generation").TryGetProperty("understood", out _)); // no text, nothing read from text
    }

    [Fact]
    public async Task Bad_input_is_named_field_by_field_and_nothing_is_stored()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var foreignTeam = (await (await stranger.PostAsJsonAsync("/api/v1/teams", new { name = "Theirs", department = "sales" }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        async Task<JsonElement> Refused(object body, string field)
        {
            var problem = await (await admin.PostAsJsonAsync("/api/v1/plans/generate", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            return problem;
        }

        await Refused(new { periods = SeedPeriods }, "roles");
        await Refused(new { roles = new[] { new { role = "designer", count = 1 } }, periods = SeedPeriods }, "roles[0].role");
        await Refused(new { roles = new[] { new { role = "sdr", count = 0 } }, periods = SeedPeriods }, "roles[0].count");
        await Refused(new { roles = new[] { new { role = "sdr", count = 1 } } }, "periods");
        await Refused(new { roles = new[] { new { role = "sdr", count = 1 } }, goals = new[] { new { metric = "happiness", to = 1m } }, periods = SeedPeriods }, "goals[0].metric");
        await Refused(new { teamId = foreignTeam, periods = SeedPeriods }, "teamId");
        await Refused(new { description = "несколько маркетологов", periods = SeedPeriods }, "description");
        await (await admin.PostAsJsonAsync("/api/v1/plans/generate", new { description = new string('x', 5000), periods = SeedPeriods }))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var manager = fixture.Api.Client(tenant, "manager");
        await (await manager.PostAsJsonAsync("/api/v1/plans/generate", new { description = AssistantTests.SeedText, periods = SeedPeriods }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Empty((await (await admin.GetAsync("/api/v1/plans")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }
}
