using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Features.Assistant;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Explanation = Saas.Api.Features.Plans.GeneratePlan.Explanation;
using SimulatePlanResponse = Saas.Api.Features.Plans.SimulatePlan.Response;

namespace Saas.Api.Tests.Features.Plans;

public class GeneratePlanTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string[] SeedPeriods = ["2026-12", "2027-01", "2027-02"];

    private IAlbaHost Host => fixture.Host;

    private static Assignment Assignment(PlanResponse plan, Role role) => plan.Document.Assignments.Single(a => a.Role == role);

    /// <summary>The explanation as stored, with the engine's JSON rules; those leave out what is null (no text, nothing
    /// understood), so a missing constructor argument is read as null here.</summary>
    private static Explanation ExplanationOf(PlanResponse plan) =>
        plan.Generation!.Value.Deserialize<Explanation>(new JsonSerializerOptions(PlanJson.Options) { RespectRequiredConstructorParameters = false })!;

    private Task<IScenarioResult> GenerateAsync(string admin, object body) =>
        Host.Scenario(s =>
        {
            s.As(admin).Post.Json(body).ToUrl("/api/v1/plans/generate");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

    [Fact]
    public async Task The_seed_example_generates_a_draft_from_the_russian_text_alone()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("ru"));
        var response = await GenerateAsync(admin, new { description = AssistantTests.SeedText, periods = SeedPeriods });
        var plan = response.ReadAsJson<PlanResponse>();
        Assert.Equal($"/api/v1/plans/{plan.Id}", response.Context.Response.Headers.Location.ToString());
        Assert.Equal($"\"{plan.Version}\"", response.Context.Response.Headers.ETag.ToString());
        Assert.Equal(("draft", "generated", "RUB"), (plan.Status, plan.Source, plan.Document.Currency));
        Assert.Equal([Role.Marketer, Role.Smm, Role.SalesManager], plan.Document.Assignments.Select(a => a.Role!.Value));

        // CR 15 % → 20 % in 3 months: 16.67 %, 18.33 %, 20 % by month.
        var sales = Assignment(plan, Role.SalesManager);
        var cr = sales.Components.Single(c => c is IAttainmentTerms { Metric: "cr_lead_to_won" });
        Assert.Equal(0.1667m, ((IAttainmentTerms)cr).Target);
        var ramp = sales.Overrides.Where(o => o.Component == cr.Id).Select(o => (o.Period, o.Target));
        Assert.Equal([("2027-01", (decimal?)0.1833m), ("2027-02", 0.2m)], ramp);
        Assert.Contains(sales.Components, c => c is GateComponent);

        var generation = ExplanationOf(plan);
        Assert.Equal(3, generation.Understood!.Roles.Count);
        var salesKpis = generation.Roles.Single(r => r.Role == Role.SalesManager).Kpis;
        Assert.NotEmpty(salesKpis);
        Assert.All(salesKpis, k => Assert.Matches("[а-яА-Я]", k.Rationale));
        Assert.Equal(3, generation.Cost.Totals.Count);
        Assert.NotEmpty(generation.Assumptions);

        // The draft is a plan like any other: it simulates.
        var simulated = (await Host.Scenario(s => s.As(admin).Post.Json(new
        {
            period = "2026-12",
            actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_lead_to_won"] = 0.1667m } } },
        }).ToUrl($"/api/v1/plans/{plan.Id}/simulate"))).ReadAsJson<SimulatePlanResponse>();
        Assert.Equal(simulated.Results.Sum(r => r.Payout.Total), simulated.Total);
    }

    [Fact]
    public async Task The_same_input_gives_the_same_plan_apart_from_ids_and_timestamps()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var body = new { description = AssistantTests.SeedText, periods = SeedPeriods };
        var first = (await GenerateAsync(admin, body)).ReadAsJson<PlanResponse>();
        var second = (await GenerateAsync(admin, body)).ReadAsJson<PlanResponse>();
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(PlanJson.Serialize(first.Document), PlanJson.Serialize(second.Document));
        Assert.Equal(first.Generation!.Value.GetRawText(), second.Generation!.Value.GetRawText());
    }

    [Fact]
    public async Task A_team_and_structured_goals_generate_in_english_for_an_english_tenant()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync("en"));
        var team = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new
            {
                name = "Revenue team",
                positions = new[] { new { role = "sales_manager", headcount = 2 }, new { role = "sdr", headcount = 1 } },
            }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<TeamResponse>();
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Ann", role = "sales_manager", teamId = team.Id, baseSalary = 120_000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var plan = (await GenerateAsync(admin, new
        {
            teamId = team.Id,
            goals = new[] { new { metric = "cr_sql_to_won", from = 0.2m, to = 0.25m, horizonMonths = 2 } },
            economics = new { averageDealSize = 300_000m, crSqlToWon = 0.2m },
            periods = new[] { "2027-01", "2027-02" },
            name = "Q1 sales",
        })).ReadAsJson<PlanResponse>();

        Assert.Equal("Q1 sales", plan.Name);
        var generation = ExplanationOf(plan);
        var sales = generation.Roles.Single(r => r.Role == Role.SalesManager);
        Assert.Equal(2, sales.Count);
        Assert.Equal(120_000m, sales.BaseSalary); // the employees' own salary, not a default
        var kpi = sales.Kpis.Single(k => k.Metric == "cr_sql_to_won");
        Assert.DoesNotMatch("[а-яА-Я]", kpi.Rationale);
        Assert.Null(generation.Understood);
        Assert.False(plan.Generation!.Value.TryGetProperty("understood", out _)); // no text, nothing read from text
    }

    [Fact]
    public async Task Bad_input_is_named_field_by_field_and_nothing_is_stored()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var foreignTeam = (await Host.Scenario(s =>
        {
            s.As(stranger).Post.Json(new { name = "Theirs", department = "sales" }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<TeamResponse>().Id;

        async Task<Problem> Refused(object body, string field)
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Post.Json(body).ToUrl("/api/v1/plans/generate");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.True(problem.Errors!.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
            return problem;
        }

        await Refused(new { periods = SeedPeriods }, "roles");
        await Refused(new { roles = new[] { new { role = "designer", count = 1 } }, periods = SeedPeriods }, "roles[0].role");
        await Refused(new { roles = new[] { new { role = "sdr", count = 0 } }, periods = SeedPeriods }, "roles[0].count");
        await Refused(new { roles = new[] { new { role = "sdr", count = 1 } } }, "periods");
        await Refused(new { roles = new[] { new { role = "sdr", count = 1 } }, goals = new[] { new { metric = "happiness", to = 1m } }, periods = SeedPeriods }, "goals[0].metric");
        Assert.Equal(["TeamExists"], (await Refused(new { teamId = foreignTeam, periods = SeedPeriods }, "teamId")).Rules!["teamId"]);
        Assert.Equal(["ExactCount"], (await Refused(new { description = "несколько маркетологов", periods = SeedPeriods }, "description")).Rules!["description"]);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { description = new string('x', 5000), periods = SeedPeriods }).ToUrl("/api/v1/plans/generate");
            s.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        });
        var manager = await fixture.TokenAsync(tenant, "manager");
        await Host.Scenario(s =>
        {
            s.As(manager).Post.Json(new { description = AssistantTests.SeedText, periods = SeedPeriods }).ToUrl("/api/v1/plans/generate");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });

        Assert.Empty((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans", admin)).Items);
    }
}
