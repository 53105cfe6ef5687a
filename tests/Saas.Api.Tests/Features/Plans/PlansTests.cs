using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Plans;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using ActivatePlanResponse = Saas.Api.Features.Plans.ActivatePlan.Response;
using ListMetricsResponse = Saas.Api.Features.Plans.ListMetrics.Response;
using ReviewPlanResponse = Saas.Api.Features.Plans.ReviewPlan.Response;
using SimulatePlanResponse = Saas.Api.Features.Plans.SimulatePlan.Response;

namespace Saas.Api.Tests.Features.Plans;

public class PlansTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    /// <summary>Sales managers: 30 000 target bonus, 60 % on SQL→deal conversion (target 20 %), 40 % on revenue
    /// (target 3 000 000), all of it gated on first-response SLA compliance of at least 90 %; December and January. Also
    /// the plan the assistant's review conversations start from.</summary>
    internal static string SalesPlan(string name = "Продажи, декабрь", string weightOfRevenue = "0.4") => $$"""
        {
          "name": "{{name}}",
          "currency": "RUB",
          "periods": ["2026-12", "2027-01"],
          "assignments": [
            {
              "role": "sales_manager",
              "targetVariablePay": { "amount": 30000 },
              "components": [
                { "kind": "attainment", "id": "sql_to_won", "metric": "cr_sql_to_won", "target": 0.2, "weight": 0.6 },
                { "kind": "attainment", "id": "revenue", "metric": "revenue", "target": 3000000, "weight": {{weightOfRevenue}} },
                { "kind": "gate", "id": "sla", "metric": "first_response_compliance", "operator": "at_least", "value": 0.9 }
              ]
            }
          ]
        }
        """;

    /// <summary>A plan document as the body, exactly as written rather than an object the test serializes.</summary>
    private static void PostPlan(Scenario scenario, string token, string document)
    {
        scenario.As(token).Post.Text(document).ToUrl("/api/v1/plans");
        scenario.WithRequestHeader("Content-Type", "application/json");
    }

    private static void PutPlan(Scenario scenario, string token, Guid id, string document)
    {
        scenario.As(token).Put.Text(document).ToUrl($"/api/v1/plans/{id}");
        scenario.WithRequestHeader("Content-Type", "application/json");
    }

    private async Task<PlanResponse> CreateAsync(string admin, string document) =>
        (await Host.Scenario(s =>
        {
            PostPlan(s, admin, document);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<PlanResponse>();

    private async Task<SimulatePlanResponse> SimulateAsync(string admin, Guid plan, object body) =>
        (await Host.Scenario(s => s.As(admin).Post.Json(body).ToUrl($"/api/v1/plans/{plan}/simulate"))).ReadAsJson<SimulatePlanResponse>();

    private async Task<Problem> SimulationRefusedAsync(string admin, Guid plan, object body) =>
        (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(body).ToUrl($"/api/v1/plans/{plan}/simulate");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();

    private async Task<Problem> RefusedAsync(string admin, string document, string? type = "validation") =>
        (await Host.Scenario(s =>
        {
            PostPlan(s, admin, document);
            s.ProblemShouldBe(HttpStatusCode.BadRequest, type);
        })).ReadProblem();

    [Fact]
    public async Task A_hand_written_plan_is_created_read_listed_and_edited_as_a_draft()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var created = await Host.Scenario(s =>
        {
            PostPlan(s, admin, SalesPlan());
            s.StatusCodeShouldBe(HttpStatusCode.Created);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var plan = created.ReadAsJson<PlanResponse>();
        Assert.Equal($"/api/v1/plans/{plan.Id}", created.Context.Response.Headers.Location.ToString());
        Assert.Equal(("draft", "manual"), (plan.Status, plan.Source));
        var component = Assert.IsType<AttainmentComponent>(plan.Document.Assignments[0].Components[0]);
        Assert.Equal(0.2m, component.Target);

        var read = await Host.GetAsJson<PlanResponse>($"/api/v1/plans/{plan.Id}", admin);
        Assert.Equal("Продажи, декабрь", read.Name);

        var edited = (await Host.Scenario(s =>
        {
            PutPlan(s, admin, plan.Id, SalesPlan("Продажи v2"));
            s.WithRequestHeader("If-Match", "\"1\"");
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        })).ReadAsJson<PlanResponse>();
        Assert.Equal(("Продажи v2", 2), (edited.Name, edited.Version));
        await Host.Scenario(s =>
        {
            PutPlan(s, admin, plan.Id, SalesPlan());
            s.WithRequestHeader("If-Match", "\"1\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });

        var summary = Assert.Single((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans?status=draft", admin)).Items);
        Assert.Equal(["2026-12", "2027-01"], summary.Periods);
        Assert.Equal(("Продажи v2", 2), (summary.Name, summary.Version));
        Assert.Empty((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans?status=active", admin)).Items);
        var status = (await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/plans?status=paid");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'status' must be one of draft, active, retired."], status.Errors!["status"]);
        Assert.Equal(["Must"], status.Rules!["status"]);

        await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/plans/{plan.Id}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url($"/api/v1/plans/{plan.Id}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
    }

    [Fact]
    public async Task Plans_page_by_cursor_and_refuse_a_limit_or_cursor_out_of_shape()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        for (var i = 1; i <= 3; i++)
            await CreateAsync(admin, SalesPlan($"v{i}"));

        var first = await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans?limit=2", admin);
        Assert.Equal(["v1", "v2"], first.Items.Select(p => p.Name));
        var last = await Host.GetAsJson<Page<PlanSummary>>($"/api/v1/plans?limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(["v3"], last.Items.Select(p => p.Name));
        Assert.Null(last.NextCursor);

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=201", "limit"), ("cursor=nonsense", "cursor") })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/plans?" + query);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.True(problem.Errors!.ContainsKey(field), query);
        }
    }

    [Fact]
    public async Task Every_plan_rule_broken_is_named_by_its_path_and_nothing_is_stored()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());

        var weights = await RefusedAsync(admin, SalesPlan(weightOfRevenue: "0.3"));
        Assert.Contains(weights.Errors!.Keys, field => field.StartsWith("assignments[0]", StringComparison.Ordinal));

        var metric = await RefusedAsync(admin, SalesPlan().Replace("\"cr_sql_to_won\"", "\"happiness\""));
        Assert.True(metric.Errors!.ContainsKey("assignments[0].components[0].metric"), string.Join(", ", metric.Errors.Keys));

        await RefusedAsync(admin, SalesPlan().Replace("\"attainment\"", "\"lottery\""), type: null);
        var missing = await RefusedAsync(admin, """{ "currency": "RUB", "periods": ["2026-12"], "assignments": [] }""");
        Assert.Contains("name", missing.Detail);
        Assert.DoesNotContain("Saas.", missing.Detail);
        await RefusedAsync(admin, """{ "name": "x", "currency": "RUB", "periods": null, "assignments": [] }""", type: null);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(SalesPlan()).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "text/plain");
            s.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        });

        Assert.Empty((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans", admin)).Items);
    }

    [Fact]
    public async Task An_unknown_enum_value_in_a_plan_names_the_field_and_the_values_allowed()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var share = SalesPlan().Replace(
            """{ "kind": "gate",""",
            """{ "kind": "share", "id": "commission", "measure": "revenue", "credit": "closed", "rate": 0.01, "tierMode": "interpolated" }, { "kind": "gate",""");
        Assert.NotEqual(SalesPlan(), share);

        var tierMode = await RefusedAsync(admin, share, "malformed-json");
        Assert.Equal(["'interpolated' is not one of: flat, marginal."], tierMode.Errors!["assignments[0].components[2].tierMode"]);
        Assert.Contains("'$.assignments[0].components[2].tierMode'", tierMode.Detail);
        Assert.Contains("flat, marginal", tierMode.Detail);

        var role = await RefusedAsync(admin, SalesPlan().Replace("\"sales_manager\"", "\"ceo\""), "malformed-json");
        var roles = Enum.GetValues<Role>().Select(r => r.WireName()).Order(StringComparer.Ordinal);
        Assert.Equal([$"'ceo' is not one of: {string.Join(", ", roles)}."], role.Errors!["assignments[0].role"]);

        // A replacement is read by the same rules.
        var plan = await CreateAsync(admin, SalesPlan());
        var replaced = (await Host.Scenario(s =>
        {
            PutPlan(s, admin, plan.Id, SalesPlan().Replace("\"at_least\"", "\"above\""));
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "malformed-json");
        })).ReadProblem();
        Assert.Equal(["'above' is not one of: at_least, at_most."], replaced.Errors!["assignments[0].components[2].operator"]);
        Assert.Equal(1, (await Host.GetAsJson<PlanResponse>($"/api/v1/plans/{plan.Id}", admin)).Version);
        Assert.Single((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans", admin)).Items);
    }

    [Fact]
    public async Task Activation_freezes_the_plan_and_a_later_version_ends_the_earlier_one_the_day_before()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var first = (await CreateAsync(admin, SalesPlan("v1"))).Id;
        Task<IScenarioResult> Activate(Guid plan, object body, HttpStatusCode status = HttpStatusCode.OK, string? type = null) =>
            Host.Scenario(s =>
            {
                s.As(admin).Post.Json(body).ToUrl($"/api/v1/plans/{plan}/activate");
                if (status == HttpStatusCode.OK)
                    s.StatusCodeShouldBe(status);
                else
                    s.ProblemShouldBe(status, type);
            });

        var outside = (await Activate(first, new { effectiveFrom = "2027-02-01" }, HttpStatusCode.BadRequest, "validation")).ReadProblem();
        Assert.Equal(["WithinPeriods"], outside.Rules!["effectiveFrom"]);
        var missing = (await Activate(first, new { }, HttpStatusCode.BadRequest, "validation")).ReadProblem();
        Assert.Equal(["NotNull"], missing.Rules!["effectiveFrom"]);
        var activated = (await Activate(first, new { effectiveFrom = "2026-12-01" })).ReadAsJson<ActivatePlanResponse>();
        Assert.Equal(("active", new DateOnly(2026, 12, 1)), (activated.Plan.Status, activated.Plan.EffectiveFrom));
        Assert.Empty(activated.Superseded);

        await Host.Scenario(s =>
        {
            PutPlan(s, admin, first, SalesPlan());
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/plans/{first}");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        await Activate(first, new { effectiveFrom = "2026-12-01" }, HttpStatusCode.Conflict, "conflict");

        async Task<PlanResponse> Copy(Guid plan) => (await Host.Scenario(s =>
        {
            s.As(admin).Post.Url($"/api/v1/plans/{plan}/copy");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<PlanResponse>();
        var copy = await Copy(first);
        Assert.Equal("draft", copy.Status);
        var secondActivated = (await Activate(copy.Id, new { effectiveFrom = "2026-12-11" })).ReadAsJson<ActivatePlanResponse>();
        var superseded = Assert.Single(secondActivated.Superseded);
        Assert.Equal((first, new DateOnly(2026, 12, 10)), (superseded.Id, superseded.EffectiveTo));

        var old = await Host.GetAsJson<PlanResponse>($"/api/v1/plans/{first}", admin);
        Assert.Equal("active", old.Status); // still in force 1–10 December
        Assert.Equal(new DateOnly(2026, 12, 10), old.EffectiveTo);

        // A third version from the very day the second began leaves the second nothing: it is retired.
        var third = (await Copy(copy.Id)).Id;
        var thirdActivated = (await Activate(third, new { effectiveFrom = "2026-12-11" })).ReadAsJson<ActivatePlanResponse>();
        Assert.Equal("retired", Assert.Single(thirdActivated.Superseded).Status);
    }

    [Fact]
    public async Task Simulation_pays_line_by_line_for_a_role_and_for_an_employee_by_the_most_specific_assignment()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).Id;
        var employee = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();

        var response = await SimulateAsync(admin, id, new
        {
            period = "2026-12",
            actuals = new object[]
            {
                // 30 000 × 0.6 × (0.22 / 0.20 = 1.1) = 19 800; 30 000 × 0.4 × 1.0 = 12 000; SLA 95 % passes: 31 800.
                new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.22m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.95m } },
                // The same results with SLA at 80 %: the gate withholds everything.
                new { employeeId = employee, metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.22m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.8m } },
            },
        });

        Assert.Equal(("2026-12", "RUB"), (response.Period, response.Currency));
        Assert.Equal(31_800m, response.Results[0].Payout.Total);
        var conversion = response.Results[0].Payout.Lines.Single(l => l.ComponentId == "sql_to_won");
        Assert.Equal(19_800m, conversion.Amount);
        Assert.Equal(1.1m, conversion.Attainment);
        Assert.False(string.IsNullOrWhiteSpace(conversion.Explanation));

        Assert.Equal((employee, "sales_manager"), (response.Results[1].EmployeeId, response.Results[1].Role));
        Assert.Equal(0m, response.Results[1].Payout.Total);
        Assert.Equal(31_800m, response.Total);
    }

    [Fact]
    public async Task A_commission_only_plan_names_no_target_and_pays_its_rates()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        const string commissionOnly = """
            {"name":"Commission only","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"sales_manager",
             "components":[{"kind":"per_unit","id":"per_deal","metric":"deals_won","rate":1500}]}]}
            """;
        var plan = await CreateAsync(admin, commissionOnly);
        Assert.Null(plan.Document.Assignments[0].TargetVariablePay);

        // 4 deals × 1 500 = 6 000, and no target to pay a share of.
        var response = await SimulateAsync(admin, plan.Id, new
        {
            period = "2026-12",
            actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["deals_won"] = 4m } } },
        });
        Assert.Equal((6_000m, 0m), (response.Results[0].Payout.Total, response.Results[0].Payout.TargetVariablePay));

        var problem = await RefusedAsync(admin, commissionOnly.Replace("""{"kind":"per_unit","id":"per_deal","metric":"deals_won","rate":1500}""",
            """{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}""", StringComparison.Ordinal));
        Assert.Contains("'deals'", Assert.Single(problem.Errors!["assignments[0].targetVariablePay"]));
    }

    [Fact]
    public async Task Money_breakpoints_on_a_months_total_pay_by_slice_without_an_invented_target()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        const string tiered = """
            {"name":"1 % up to 100 000, 2 % above","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"sales_manager",
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","tierBasis":"total",
               "tiers":[{"from":0,"rate":0.01},{"from":100000,"rate":0.02}]}]}]}
            """;
        var plan = await CreateAsync(admin, tiered);

        // 250 000 closed: 1 % × 100 000 + 2 % × 150 000 = 1 000 + 3 000 = 4 000.
        var response = await SimulateAsync(admin, plan.Id, new
        {
            period = "2026-12",
            actuals = new[]
            {
                new
                {
                    role = "sales_manager",
                    deals = new[] { new { dealId = "D1", role = "closed", revenue = 250_000m, closedOn = "2026-12-10" } },
                },
            },
        });
        var line = response.Results[0].Payout.Lines.Single(l => l.ComponentId == "commission");
        Assert.Equal((4_000m, 2), (line.Amount, line.Tier!.Value));

        var problem = await RefusedAsync(admin, tiered.Replace("\"tierBasis\":\"total\",", "\"tierBasis\":\"total\",\"target\":300000,", StringComparison.Ordinal));
        Assert.Contains("assignments[0].components[0].target", problem.Errors!.Keys);
    }

    [Fact]
    public async Task An_additive_kicker_above_quota_pays_on_top_of_a_fully_weighted_plan()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        const string kicker = """
            {"name":"Base and kicker","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
             "components":[{"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":1},
               {"kind":"attainment","id":"kicker","metric":"revenue","target":1000000,"weight":0.5,"additive":true,
                "curve":{"mode":"marginal","tiers":[{"from":0,"rate":0},{"from":1,"rate":1}]}}]}]}
            """;
        var plan = await CreateAsync(admin, kicker);

        // 1 200 000 against 1 000 000: base 12 000, kicker 10 000 × 0.5 × 0.2 = 1 000.
        var response = await SimulateAsync(admin, plan.Id, new
        {
            period = "2026-12",
            actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["revenue"] = 1_200_000m } } },
        });
        Assert.Equal(13_000m, response.Results[0].Payout.Total);

        // Without the flag the kicker's weight counts, and the weights add up to 150 %.
        var weighted = await RefusedAsync(admin, kicker.Replace(",\"additive\":true", "", StringComparison.Ordinal));
        Assert.Equal(["weights_sum"], weighted.Rules!["assignments[0].components"]);
    }

    [Fact]
    public async Task A_simulation_shows_the_lines_a_statement_would_deal_rules_a_multiplier_clawbacks_an_adjustment_and_the_draw()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        // 5 % a deal, × 1.5 over a year; a December multiplier of 1.2; half of a deal's commission back on a churn within 90 days;
        // a recoverable draw of 10 000.
        const string commission = """
            {"name":"Commission","currency":"RUB","periods":["2026-11","2026-12"],"assignments":[{"role":"sales_manager",
             "clawback":{"churnWindowDays":90,"churnShare":0.5},"draw":{"amount":10000,"recoverable":true},
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05,"tierBasis":"per_deal",
                "dealRules":[{"label":"Multi-year","when":[{"attribute":"contract_months","operator":"above","value":12}],"multiplier":1.5}]},
               {"kind":"multiplier","id":"december","factor":1.2,"periods":["2026-12"]}]}]}
            """;
        var plan = await CreateAsync(admin, commission);

        var response = await SimulateAsync(admin, plan.Id, new
        {
            period = "2026-12",
            actuals = new[]
            {
                new
                {
                    role = "sales_manager",
                    deals = new object[]
                    {
                        new { dealId = "D1", role = "closed", revenue = 200_000m, closedOn = "2026-12-03", attributes = new { contract_months = 24 } },
                        new { dealId = "D2", role = "closed", revenue = 100_000m, closedOn = "2026-12-04" },
                    },
                    drawBalance = 4_000m,
                    clawbacks = new object[]
                    {
                        new { dealId = "N1", trigger = "refund", paidIn = "2026-11", commission = 3_000m, refundedShare = 0.5m },
                        new { dealId = "N2", trigger = "churn", paidIn = "2026-11", commission = 2_000m, wonOn = "2026-11-10", on = "2026-12-01" },
                        new { dealId = "N3", trigger = "churn", paidIn = "2026-11", commission = 2_000m, wonOn = "2026-08-01", on = "2026-12-01" },
                    },
                    adjustments = new[] { new { amount = 500m, reason = "Бонус за наставничество" } },
                },
            },
        });

        var lines = response.Results[0].Payout.Lines;
        // D1 200 000 × 5 % × 1.5 = 15 000, D2 5 000; December × 1.2: +4 000 → 24 000.
        Assert.Equal([15_000m, 5_000m], lines.Where(l => l.ComponentId == "commission").Select(l => l.Amount));
        Assert.Equal(4_000m, lines.Single(l => l.Kind == Engine.Payouts.PayoutLineKind.Multiplier).Amount);
        // Half of N1's 3 000 refunded: −1 500; N2 churned 21 days after it was won: half of 2 000; N3 churned too late: nothing.
        Assert.Equal([("N1", -1_500m), ("N2", -1_000m)], lines.Where(l => l.Kind == Engine.Payouts.PayoutLineKind.Clawback).Select(l => (l.DealId!, l.Amount)));
        Assert.Equal(500m, lines.Single(l => l.Kind == Engine.Payouts.PayoutLineKind.Adjustment).Amount);
        // The 4 000 carried in is recovered from the variable pay above the draw.
        Assert.Equal(-4_000m, lines.Single(l => l.Kind == Engine.Payouts.PayoutLineKind.DrawRecovery).Amount);
        Assert.Equal((18_000m, 0m), (response.Results[0].Payout.Total, response.Results[0].Payout.DrawBalance));
    }

    [Fact]
    public async Task A_simulations_clawbacks_and_deal_attributes_are_checked_where_they_are_written()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).Id;
        Task<Problem> Refused(object subject) => SimulationRefusedAsync(admin, id, new { period = "2026-12", actuals = new[] { subject } });

        var later = await Refused(new { role = "sales_manager", clawbacks = new[] { new { dealId = "D", trigger = "refund", paidIn = "2026-12", commission = 1m } } });
        Assert.Equal(["EarlierPeriod"], later.Rules!["actuals[0].clawbacks[0].paidIn"]);
        var churn = await Refused(new { role = "sales_manager", clawbacks = new[] { new { dealId = "D", trigger = "churn", paidIn = "2026-11", commission = 1m } } });
        Assert.Contains("actuals[0].clawbacks[0].wonOn", churn.Errors!.Keys);
        var outside = await Refused(new { role = "sales_manager", clawbacks = new[] { new { dealId = "D", trigger = "refund", paidIn = "2026-11", commission = 1m, on = "2027-01-05" } } });
        Assert.Equal(["InPeriod"], outside.Rules!["actuals[0].clawbacks[0].on"]);
        var unknown = await Refused(new
        {
            role = "sales_manager",
            deals = new[] { new { dealId = "D", role = "closed", revenue = 1m, closedOn = "2026-12-01", attributes = new { colour = "red" } } },
        });
        Assert.Contains("declare it in the tenant's settings", unknown.Errors!["actuals[0].deals[0].attributes.colour"][0]);
        var zero = await Refused(new { role = "sales_manager", adjustments = new[] { new { amount = 0m, reason = "x" } } });
        Assert.Contains(zero.Errors!.Keys, k => k.Contains("adjustments[0]", StringComparison.Ordinal));
        // The sales plan has no clawback terms: a statement would take nothing back, and the simulation says so.
        var noTerms = await Refused(new { role = "sales_manager", clawbacks = new[] { new { dealId = "D", trigger = "refund", paidIn = "2026-11", commission = 1m } } });
        Assert.Equal(["ClawbackTerms"], noTerms.Rules!["actuals[0].clawbacks"]);
        var noShare = await Refused(new { role = "sales_manager", deals = new[] { new { dealId = "D", role = "closed", revenue = 1m, closedOn = "2026-12-01", share = 0m } } });
        Assert.Contains(noShare.Errors!.Keys, k => k.EndsWith("share", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulation_rejects_unknown_metrics_periods_outside_the_plan_and_subjects_without_an_assignment()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).Id;
        Task<Problem> Refused(object body) => SimulationRefusedAsync(admin, id, body);

        var metric = await Refused(new { period = "2026-12", actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["happiness"] = 1 } } } });
        Assert.Equal(["Every metric must be a key of the metric catalogue (GET /api/v1/metrics)."], Assert.Single(metric.Errors!).Value);
        Assert.Equal(["InPlan"], (await Refused(new { period = "2026-11", actuals = new[] { new { role = "sales_manager" } } })).Rules!["period"]);
        Assert.Equal([PeriodParameter.Message], (await Refused(new { period = "December", actuals = new[] { new { role = "sales_manager" } } })).Errors!["period"]);
        Assert.Equal(["AssignmentExists"], (await Refused(new { period = "2026-12", actuals = new[] { new { role = "marketer" } } })).Rules!["actuals[0]"]);
        Assert.Equal(["EmployeeExists"], (await Refused(new { period = "2026-12", actuals = new[] { new { employeeId = Guid.CreateVersion7() } } }))
            .Rules!["actuals[0].employeeId"]);
        Assert.True((await Refused(new { period = "2026-12", actuals = Array.Empty<object>() })).Errors!.ContainsKey("actuals"));
    }

    [Fact]
    public async Task Another_tenants_plan_is_not_found_anywhere()
    {
        var owner = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(owner, SalesPlan())).Id;
        var url = $"/api/v1/plans/{id}";

        await Host.Scenario(s => { s.As(stranger).Get.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { PutPlan(s, stranger, id, SalesPlan()); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Post.Url(url + "/copy"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s =>
        {
            s.As(stranger).Post.Json(new { effectiveFrom = "2026-12-01" }).ToUrl(url + "/activate");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(stranger).Post.Json(new { period = "2026-12", actuals = new[] { new { role = "sales_manager" } } }).ToUrl(url + "/simulate");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        Assert.Empty((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans", stranger)).Items);
        Assert.Equal("draft", (await Host.GetAsJson<PlanResponse>(url, owner)).Status);
    }

    [Fact]
    public async Task The_metric_catalogue_is_readable_by_every_tenant_user()
    {
        var employee = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "employee");
        var metrics = await Host.GetAsJson<ListMetricsResponse>("/api/v1/metrics", employee);
        var keys = metrics.Items.Select(m => m.Key).ToList();
        Assert.Contains("cr_sql_to_won", keys);
        Assert.Contains("first_response_compliance", keys);
        Assert.Equal(MetricCatalogue.All.Select(m => m.Key), keys);
    }

    [Fact]
    public async Task Review_proposes_weighting_a_stalled_conversion_and_drafts_the_next_plan_with_it()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).Id;

        var response = (await Host.Scenario(s => s.As(admin).Post.Json(new
        {
            subjects = new[]
            {
                new
                {
                    role = "sales_manager",
                    // SQL→deal fell from 16 % to 15 % against a 20 % target; SLA compliance 80 % fails the gate.
                    metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.15m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.8m },
                    previousMetrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.16m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.95m },
                },
            },
            createDraft = true,
        }).ToUrl($"/api/v1/plans/{id}/review").QueryString("period", "2027-01"))).ReadAsJson<ReviewPlanResponse>();

        var review = response.Review;
        Assert.Equal(ProposalScope.NextPlan, review.AppliesTo); // January is the plan's last month
        var proposal = review.Proposals.Single(p => p.Code == "conversion_not_growing");
        Assert.Equal("sql_to_won", proposal.ComponentId);
        Assert.Matches("[а-яА-Я]", proposal.Message);
        Assert.Contains(review.Findings, f => f.Code == "gate_failed");

        // 0.6 + 0.1 on the stalled conversion, taken from revenue: 0.7 / 0.3, in a draft for February.
        var draft = response.Draft!;
        Assert.Equal("draft", draft.Status);
        Assert.Equal(["2027-02"], draft.Document.Periods);
        var weights = draft.Document.Assignments[0].Components.Where(c => c is IAttainmentTerms).ToDictionary(c => c.Id, c => ((IAttainmentTerms)c).Weight);
        Assert.Equal(new Dictionary<string, decimal> { ["sql_to_won"] = 0.7m, ["revenue"] = 0.3m }, weights);
    }

    [Fact]
    public async Task Review_needs_a_period_of_the_plan_and_subjects_that_match_its_assignments()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).Id;
        var subjects = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.2m } } };
        Task<IScenarioResult> Review(string token, string? period, object body, HttpStatusCode status, string? type = null) =>
            Host.Scenario(s =>
            {
                var send = s.As(token).Post.Json(body).ToUrl($"/api/v1/plans/{id}/review");
                if (period is not null)
                    send.QueryString("period", period);
                if (status == HttpStatusCode.OK)
                    s.StatusCodeShouldBe(status);
                else
                    s.ProblemShouldBe(status, type);
            });

        Assert.Equal(["InPlan"], (await Review(admin, "2026-06", new { subjects }, HttpStatusCode.BadRequest, "validation")).ReadProblem().Rules!["period"]);
        Assert.Equal(["Period"], (await Review(admin, "June", new { subjects }, HttpStatusCode.BadRequest, "validation")).ReadProblem().Rules!["period"]);
        Assert.True((await Review(admin, null, new { subjects }, HttpStatusCode.BadRequest, "bad-request")).ReadProblem().Errors!.ContainsKey("period"));
        var unknown = await Review(admin, "2026-12", new { subjects = new[] { new { role = "marketer", metrics = new Dictionary<string, decimal>() } } },
            HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["AssignmentExists"], unknown.ReadProblem().Rules!["subjects[0]"]);
        await Review(stranger, "2026-12", new { subjects }, HttpStatusCode.NotFound, "not-found");
        var ok = (await Review(admin, "2026-12", new { subjects }, HttpStatusCode.OK)).ReadAsJson<ReviewPlanResponse>();
        Assert.Null(ok.Draft);
        Assert.Single((await Host.GetAsJson<Page<PlanSummary>>("/api/v1/plans", admin)).Items);
    }
}
