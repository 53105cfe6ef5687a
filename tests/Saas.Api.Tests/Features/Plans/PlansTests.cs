using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Plans;

public class PlansTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    /// <summary>Sales managers: 30 000 target bonus, 60 % on SQL→deal conversion (target 20 %), 40 % on revenue
    /// (target 3 000 000), all of it gated on first-response SLA compliance of at least 90 %.</summary>
    private static string SalesPlan(string name = "Продажи, декабрь", string weightOfRevenue = "0.4") => $$"""
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

    private static async Task<JsonElement> CreateAsync(HttpClient admin, string document) =>
        await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(document))).AssertStatusAsync(HttpStatusCode.Created);

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.IfMatch.ParseAdd(etag);
        return request;
    }

    [Fact]
    public async Task A_hand_written_plan_is_created_read_listed_and_edited_as_a_draft()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(SalesPlan()));
        var plan = await created.AssertStatusAsync(HttpStatusCode.Created);
        var id = plan.GetProperty("id").GetGuid();
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("draft", plan.GetProperty("status").GetString());
        Assert.Equal("manual", plan.GetProperty("source").GetString());
        var component = plan.GetProperty("document").GetProperty("assignments")[0].GetProperty("components")[0];
        Assert.Equal("attainment", component.GetProperty("kind").GetString());
        Assert.Equal(0.2m, component.GetProperty("target").GetDecimal());

        var read = await (await admin.GetAsync($"/api/v1/plans/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Продажи, декабрь", read.GetProperty("name").GetString());

        var edited = await (await admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/plans/{id}", "\"1\"", HttpAssertions.Json(SalesPlan("Продажи v2")))))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Продажи v2", edited.GetProperty("name").GetString());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        await (await admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/plans/{id}", "\"1\"", HttpAssertions.Json(SalesPlan()))))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var drafts = await (await admin.GetAsync("/api/v1/plans?status=draft")).AssertStatusAsync(HttpStatusCode.OK);
        var summary = Assert.Single(drafts.GetProperty("items").EnumerateArray());
        Assert.Equal(["2026-12", "2027-01"], summary.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty((await (await admin.GetAsync("/api/v1/plans?status=active")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await (await admin.GetAsync("/api/v1/plans?status=paid")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/plans/{id}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/plans/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Every_plan_rule_broken_is_named_by_its_path_and_nothing_is_stored()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());

        var weights = await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(SalesPlan(weightOfRevenue: "0.3"))))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(weights.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith("assignments[0]", StringComparison.Ordinal)), weights.ToString());

        var unknownMetric = SalesPlan().Replace("\"cr_sql_to_won\"", "\"happiness\"");
        var metric = await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(unknownMetric))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(metric.GetProperty("errors").TryGetProperty("assignments[0].components[0].metric", out _), metric.ToString());

        await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(SalesPlan().Replace("\"attainment\"", "\"lottery\""))))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""{ "currency": "RUB", "periods": ["2026-12"], "assignments": [] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("name", missing.GetProperty("detail").GetString());
        Assert.DoesNotContain("Saas.", missing.GetProperty("detail").GetString());
        await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""{ "name": "x", "currency": "RUB", "periods": null, "assignments": [] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/plans", new StringContent(SalesPlan()))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Empty((await (await admin.GetAsync("/api/v1/plans")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Activation_freezes_the_plan_and_a_later_version_ends_the_earlier_one_the_day_before()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var first = (await CreateAsync(admin, SalesPlan("v1"))).GetProperty("id").GetGuid();

        await (await admin.PostAsJsonAsync($"/api/v1/plans/{first}/activate", new { effectiveFrom = "2027-02-01" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{first}/activate", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var activated = await (await admin.PostAsJsonAsync($"/api/v1/plans/{first}/activate", new { effectiveFrom = "2026-12-01" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", activated.GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal("2026-12-01", activated.GetProperty("plan").GetProperty("effectiveFrom").GetString());

        await (await admin.PutAsync($"/api/v1/plans/{first}", HttpAssertions.Json(SalesPlan()))).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await admin.DeleteAsync($"/api/v1/plans/{first}")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{first}/activate", new { effectiveFrom = "2026-12-01" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        var copy = await (await admin.PostAsync($"/api/v1/plans/{first}/copy", null)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("draft", copy.GetProperty("status").GetString());
        var second = copy.GetProperty("id").GetGuid();
        var secondActivated = await (await admin.PostAsJsonAsync($"/api/v1/plans/{second}/activate", new { effectiveFrom = "2026-12-11" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        var superseded = Assert.Single(secondActivated.GetProperty("superseded").EnumerateArray());
        Assert.Equal(first, superseded.GetProperty("id").GetGuid());
        Assert.Equal("2026-12-10", superseded.GetProperty("effectiveTo").GetString());

        var old = await (await admin.GetAsync($"/api/v1/plans/{first}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", old.GetProperty("status").GetString()); // still in force 1–10 December
        Assert.Equal("2026-12-10", old.GetProperty("effectiveTo").GetString());

        // A third version from the very day the second began leaves the second nothing: it is retired.
        var third = (await (await admin.PostAsync($"/api/v1/plans/{second}/copy", null)).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var thirdActivated = await (await admin.PostAsJsonAsync($"/api/v1/plans/{third}/activate", new { effectiveFrom = "2026-12-11" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("retired", Assert.Single(thirdActivated.GetProperty("superseded").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Simulation_pays_line_by_line_for_a_role_and_for_an_employee_by_the_most_specific_assignment()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).GetProperty("id").GetGuid();
        var employee = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/simulate", new
        {
            period = "2026-12",
            actuals = new object[]
            {
                // 30 000 × 0.6 × (0.22 / 0.20 = 1.1) = 19 800; 30 000 × 0.4 × 1.0 = 12 000; SLA 95 % passes: 31 800.
                new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.22m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.95m } },
                // The same results with SLA at 80 %: the gate withholds everything.
                new { employeeId = employee, metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.22m, ["revenue"] = 3_000_000m, ["first_response_compliance"] = 0.8m } },
            },
        })).AssertStatusAsync(HttpStatusCode.OK);

        var results = response.GetProperty("results");
        Assert.Equal(31_800m, results[0].GetProperty("payout").GetProperty("total").GetDecimal());
        var lines = results[0].GetProperty("payout").GetProperty("lines").EnumerateArray().ToList();
        var conversion = lines.Single(l => l.GetProperty("componentId").GetString() == "sql_to_won");
        Assert.Equal(19_800m, conversion.GetProperty("amount").GetDecimal());
        Assert.Equal(1.1m, conversion.GetProperty("attainment").GetDecimal());
        Assert.False(string.IsNullOrWhiteSpace(conversion.GetProperty("explanation").GetString()));

        Assert.Equal(employee, results[1].GetProperty("employeeId").GetGuid());
        Assert.Equal("sales_manager", results[1].GetProperty("role").GetString());
        Assert.Equal(0m, results[1].GetProperty("payout").GetProperty("total").GetDecimal());
        Assert.Equal(31_800m, response.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Simulation_rejects_unknown_metrics_periods_outside_the_plan_and_subjects_without_an_assignment()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).GetProperty("id").GetGuid();
        var url = $"/api/v1/plans/{id}/simulate";

        await (await admin.PostAsJsonAsync(url, new { period = "2026-12", actuals = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["happiness"] = 1 } } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync(url, new { period = "2026-11", actuals = new[] { new { role = "sales_manager" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync(url, new { period = "2026-12", actuals = new[] { new { role = "marketer" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync(url, new { period = "2026-12", actuals = new[] { new { employeeId = Guid.CreateVersion7() } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync(url, new { period = "2026-12", actuals = Array.Empty<object>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Another_tenants_plan_is_not_found_anywhere()
    {
        using var owner = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(owner, SalesPlan())).GetProperty("id").GetGuid();
        var url = $"/api/v1/plans/{id}";

        await (await stranger.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PutAsync(url, HttpAssertions.Json(SalesPlan()))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsync(url + "/copy", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsJsonAsync(url + "/activate", new { effectiveFrom = "2026-12-01" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsJsonAsync(url + "/simulate", new { period = "2026-12", actuals = new[] { new { role = "sales_manager" } } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await (await stranger.GetAsync("/api/v1/plans")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("draft", (await (await owner.GetAsync(url)).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_metric_catalogue_is_readable_by_every_tenant_user()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var employee = fixture.Api.Client(tenant, "employee");
        var metrics = await (await employee.GetAsync("/api/v1/metrics")).AssertStatusAsync(HttpStatusCode.OK);
        var keys = metrics.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("key").GetString()).ToList();
        Assert.Contains("cr_sql_to_won", keys);
        Assert.Contains("first_response_compliance", keys);
    }

    [Fact]
    public async Task Review_proposes_weighting_a_stalled_conversion_and_drafts_the_next_plan_with_it()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).GetProperty("id").GetGuid();

        var response = await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/review?period=2027-01", new
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
        })).AssertStatusAsync(HttpStatusCode.OK);

        var review = response.GetProperty("review");
        Assert.Equal("next_plan", review.GetProperty("appliesTo").GetString()); // January is the plan's last month
        var proposal = review.GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "conversion_not_growing");
        Assert.Equal("sql_to_won", proposal.GetProperty("componentId").GetString());
        Assert.Matches("[а-яА-Я]", proposal.GetProperty("message").GetString()!);
        Assert.Contains(review.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "gate_failed");

        // 0.6 + 0.1 on the stalled conversion, taken from revenue: 0.7 / 0.3, in a draft for February.
        var draft = response.GetProperty("draft");
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(["2027-02"], draft.GetProperty("document").GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        var weights = draft.GetProperty("document").GetProperty("assignments")[0].GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number)
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("weight").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["sql_to_won"] = 0.7m, ["revenue"] = 0.3m }, weights);
    }

    [Fact]
    public async Task Review_needs_a_period_of_the_plan_and_subjects_that_match_its_assignments()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, SalesPlan())).GetProperty("id").GetGuid();
        var subjects = new[] { new { role = "sales_manager", metrics = new Dictionary<string, decimal> { ["cr_sql_to_won"] = 0.2m } } };

        await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/review?period=2026-06", new { subjects })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/review", new { subjects })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/review?period=2026-12", new { subjects = new[] { new { role = "marketer", metrics = new Dictionary<string, decimal>() } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await stranger.PostAsJsonAsync($"/api/v1/plans/{id}/review?period=2026-12", new { subjects })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var ok = await (await admin.PostAsJsonAsync($"/api/v1/plans/{id}/review?period=2026-12", new { subjects })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("draft").ValueKind);
        Assert.Single((await (await admin.GetAsync("/api/v1/plans")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }
}
