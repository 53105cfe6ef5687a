using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Statements;

public class StatementsTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    /// <summary>Sales managers: 30 000 target bonus, half on deals won (target 4), half on revenue (target 1 000 000),
    /// all gated on first-response SLA compliance of at least 90 %.</summary>
    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11","2026-12"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":0.5},
                       {"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":0.5},
                       {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.9}]}]}
        """;

    private static object Event(string id, string type, string at, object extra)
    {
        var fields = new Dictionary<string, object?> { ["source"] = "amocrm", ["externalId"] = id, ["type"] = type, ["occurredAt"] = at };
        foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            fields[property.Name] = property.Value;
        return fields;
    }

    private static async Task<JsonElement> CalculateAsync(HttpClient admin, string period = "2026-11")
    {
        var started = await admin.PostAsync($"/api/v1/periods/{period}/calculations", null);
        var job = await started.AssertStatusAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/jobs/{job.GetProperty("id").GetGuid()}", started.Headers.Location?.OriginalString);
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var state = await (await admin.GetAsync(started.Headers.Location!.OriginalString)).AssertStatusAsync(HttpStatusCode.OK);
            if (state.GetProperty("status").GetString() is "succeeded" or "failed")
                return state;
            await Task.Delay(200);
        }
        throw new TimeoutException("The calculation did not finish in 30 s.");
    }

    private static async Task<Dictionary<Guid, JsonElement>> StatementsAsync(HttpClient client, string path = "/api/v1/statements?period=2026-11")
    {
        var page = await (await client.GetAsync(path)).AssertStatusAsync(HttpStatusCode.OK);
        var result = new Dictionary<Guid, JsonElement>();
        foreach (var summary in page.GetProperty("items").EnumerateArray())
            result[summary.GetProperty("employeeId").GetGuid()] =
                await (await client.GetAsync($"/api/v1/statements/{summary.GetProperty("id").GetGuid()}")).AssertStatusAsync(HttpStatusCode.OK);
        return result;
    }

    private static decimal Line(JsonElement statement, string componentId) =>
        statement.GetProperty("lines").EnumerateArray().Where(l => l.TryGetProperty("componentId", out var c) && c.GetString() == componentId
            && l.GetProperty("kind").GetString() == "component").Sum(l => l.GetProperty("amount").GetDecimal());

    [Fact]
    public async Task A_period_end_to_end_calculation_statements_approval_late_event_revision_adjustment_and_payroll()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new
        {
            fullName = "Анна Петрова",
            role = "sales_manager",
            baseSalary = 100_000m,
            externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
        })).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var boris = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Борис", role = "sales_manager", baseSalary = 100_000m, startDate = "2026-11-16" }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(Plan))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);

        var posted = await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                // Anna answers both her leads within 5 working minutes; Boris answers his.
                Event("c1", "lead.created", "2026-11-02T10:00:00+03:00", new { leadId = "L1", channel = "seo" }),
                Event("a1", "lead.assigned", "2026-11-02T10:00:00+03:00", new { leadId = "L1", employeeExternalId = "1001" }),
                Event("r1", "lead.first_response", "2026-11-02T10:03:00+03:00", new { leadId = "L1", employeeId = anna }),
                Event("c2", "lead.created", "2026-11-03T11:00:00+03:00", new { leadId = "L2", channel = "seo" }),
                Event("a2", "lead.assigned", "2026-11-03T11:00:00+03:00", new { leadId = "L2", employeeId = anna }),
                Event("r2", "lead.first_response", "2026-11-03T11:04:00+03:00", new { leadId = "L2", employeeId = anna }),
                Event("c3", "lead.created", "2026-11-17T10:00:00+03:00", new { leadId = "L3", channel = "seo" }),
                Event("a3", "lead.assigned", "2026-11-17T10:00:00+03:00", new { leadId = "L3", employeeId = boris }),
                Event("r3", "lead.first_response", "2026-11-17T10:02:00+03:00", new { leadId = "L3", employeeId = boris }),
                Event("w1", "deal.won", "2026-11-10T15:00:00+03:00", new { leadId = "L1", dealId = "D1", amount = 600_000m, currency = "RUB", employeeId = anna }),
                Event("w2", "deal.won", "2026-11-12T15:00:00+03:00", new { leadId = "L2", dealId = "D2", amount = 400_000m, currency = "RUB", employeeId = anna }),
                Event("w3", "deal.won", "2026-11-20T15:00:00+03:00", new { leadId = "L3", dealId = "D3", amount = 300_000m, currency = "RUB", employeeId = boris }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(12, posted.GetProperty("accepted").GetInt32());

        var job = await CalculateAsync(admin);
        Assert.Equal(("succeeded", 2, 2, 1m), (job.GetProperty("status").GetString(), job.GetProperty("total").GetInt32(),
            job.GetProperty("changed").GetInt32(), job.GetProperty("progress").GetDecimal()));

        var statements = await StatementsAsync(admin);
        // Anna: 2 deals of 4 → 30 000 × 0.5 × 0.5 = 7 500; revenue 1 000 000 of 1 000 000 → 30 000 × 0.5 × 1 = 15 000;
        // SLA 2 of 2 in time passes the gate: 22 500.
        var first = statements[anna];
        Assert.Equal((7_500m, 15_000m, 22_500m), (Line(first, "deals"), Line(first, "revenue"), first.GetProperty("total").GetDecimal()));
        Assert.Equal(1, first.GetProperty("revision").GetInt32());
        Assert.Contains("30000 × 0.5 × 0.5", first.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("componentId").GetString() == "deals")
            .GetProperty("formula").GetString());
        // Boris from 16 November: 1 deal → 30 000 × 0.5 × 0.25 = 3 750; 300 000 → 30 000 × 0.5 × 0.3 = 4 500; 8 250 × 15/30 = 4 125.
        Assert.Equal(4_125m, statements[boris].GetProperty("total").GetDecimal());

        // Unchanged inputs change nothing.
        var again = await CalculateAsync(admin);
        Assert.Equal(0, again.GetProperty("changed").GetInt32());
        Assert.Equal(first.GetRawText(), (await StatementsAsync(admin))[anna].GetRawText());

        var approved = await (await admin.PostAsync($"/api/v1/statements/{first.GetProperty("id").GetGuid()}/approve", null)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        await (await admin.PostAsync($"/api/v1/statements/{first.GetProperty("id").GetGuid()}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        // A deal arrives late: the approved statement stays; a new revision awaits approval, with the change per line.
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[] { Event("w4", "deal.won", "2026-11-27T15:00:00+03:00", new { dealId = "D4", amount = 200_000m, currency = "RUB", employeeId = anna }) },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await CalculateAsync(admin)).GetProperty("changed").GetInt32());
        var revised = (await StatementsAsync(admin))[anna];
        // 3 of 4 deals → 11 250; 1 200 000 of 1 000 000 → 18 000; 29 250.
        Assert.Equal((2, "draft", 29_250m), (revised.GetProperty("revision").GetInt32(), revised.GetProperty("status").GetString(), revised.GetProperty("total").GetDecimal()));
        Assert.Equal(first.GetProperty("id").GetGuid(), revised.GetProperty("previousId").GetGuid());
        var changes = revised.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("componentId").GetString()!, c => c.GetProperty("change").GetDecimal());
        Assert.Equal(3_750m, changes["deals"]);
        Assert.Equal(3_000m, changes["revenue"]);
        var stillApproved = await (await admin.GetAsync($"/api/v1/statements/{first.GetProperty("id").GetGuid()}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", 22_500m), (stillApproved.GetProperty("status").GetString(), stillApproved.GetProperty("total").GetDecimal()));

        // Payroll pays what is approved: Anna's first revision until the second is approved; Boris's draft not at all.
        var payroll = await admin.GetStringAsync("/api/v1/periods/2026-11/payroll");
        var rows = payroll.TrimEnd('\n').Split('\n');
        Assert.Equal("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at", rows[0]);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith($"{anna},\"Анна Петрова\",\"\",\"amocrm:1001\",2026-11,RUB,22500.00,1,", rows[1]);
        await (await admin.PostAsync($"/api/v1/statements/{revised.GetProperty("id").GetGuid()}/approve", null)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains(",29250.00,2,", await admin.GetStringAsync("/api/v1/periods/2026-11/payroll"));

        // An adjustment is a line of its own, after proration: 4 125 + 1 000 = 5 125.
        var borisStatement = statements[boris].GetProperty("id").GetGuid();
        var adjusted = await (await admin.PostAsJsonAsync($"/api/v1/statements/{borisStatement}/adjustments", new { amount = 1_000m, reason = "Наставничество новичка" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal((2, 5_125m), (adjusted.GetProperty("revision").GetInt32(), adjusted.GetProperty("total").GetDecimal()));
        Assert.Contains(adjusted.GetProperty("audit").EnumerateArray(), a => a.GetProperty("action").GetString() == "adjusted");

        // Paid: the period is locked and no longer recalculated.
        await (await admin.PostAsync("/api/v1/periods/2026-11/lock", null)).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsync("/api/v1/periods/2026-11/calculations", null)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task An_employee_sees_only_their_own_statements_and_another_tenant_sees_none()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 1m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var boris = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Борис", role = "sales_manager", baseSalary = 1m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(Plan))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);
        var job = await CalculateAsync(admin);
        var all = await StatementsAsync(admin);
        Assert.Equal(2, all.Count);

        using var annaClient = fixture.Api.Client(tenant, "employee", anna);
        var mine = await (await annaClient.GetAsync("/api/v1/me/statements")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal([anna], mine.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("employeeId").GetGuid()));
        var listed = await (await annaClient.GetAsync("/api/v1/statements?period=2026-11")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Single(listed.GetProperty("items").EnumerateArray());
        await (await annaClient.GetAsync($"/api/v1/statements/{all[boris].GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await annaClient.PostAsync($"/api/v1/statements/{all[anna].GetProperty("id").GetGuid()}/approve", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await annaClient.PostAsync("/api/v1/periods/2026-11/calculations", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Anna questions a line; an admin answers; her follow-up reopens the thread, which a manager cannot answer.
        var annaStatement = all[anna].GetProperty("id").GetGuid();
        var asked = await (await annaClient.PostAsJsonAsync($"/api/v1/statements/{annaStatement}/inquiries",
            new { componentId = "deals", message = "Почему сделка D7 не засчитана?" })).AssertStatusAsync(HttpStatusCode.Created);
        var inquiry = asked.GetProperty("id").GetGuid();
        Assert.Equal(("open", "deals"), (asked.GetProperty("status").GetString(), asked.GetProperty("componentId").GetString()));
        var answered = await (await admin.PostAsJsonAsync($"/api/v1/statements/{annaStatement}/inquiries/{inquiry}/replies",
            new { message = "Сделка закрыта 3 декабря и войдёт в декабрьский расчёт." })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        var reopened = await (await annaClient.PostAsJsonAsync($"/api/v1/statements/{annaStatement}/inquiries/{inquiry}/replies", new { message = "Спасибо, а D8?" }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(("open", 3), (reopened.GetProperty("status").GetString(), reopened.GetProperty("messages").GetArrayLength()));
        Assert.Equal(["employee", "admin", "employee"], reopened.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("authorRole").GetString()));
        using var manager = fixture.Api.Client(tenant, "manager");
        await (await manager.PostAsJsonAsync($"/api/v1/statements/{annaStatement}/inquiries/{inquiry}/replies", new { message = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await annaClient.PostAsJsonAsync($"/api/v1/statements/{all[boris].GetProperty("id").GetGuid()}/inquiries", new { message = "?" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await annaClient.PostAsJsonAsync($"/api/v1/statements/{annaStatement}/inquiries", new { componentId = "nope", message = "?" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var thread = await (await admin.GetAsync($"/api/v1/statements/{annaStatement}/inquiries")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Single(thread.EnumerateArray());

        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        await (await stranger.GetAsync($"/api/v1/statements/{annaStatement}/inquiries")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.GetAsync($"/api/v1/statements/{all[anna].GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.GetAsync($"/api/v1/jobs/{job.GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsync($"/api/v1/statements/{all[anna].GetProperty("id").GetGuid()}/approve", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await stranger.GetAsync("/api/v1/statements")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at\n",
            await stranger.GetStringAsync("/api/v1/periods/2026-11/payroll"));
    }

    [Fact]
    public async Task A_job_left_running_by_a_dead_worker_is_claimed_again_and_finishes()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var jobId = Guid.CreateVersion7();
        // What a crash leaves behind: a job marked running whose worker stopped sending heartbeats ten minutes ago.
        await using (var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Npgsql.NpgsqlDataSource>(fixture.Api.Services),
            tenant, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into calculation_jobs (tenant_id, id, period, status, worker, started_at, heartbeat_at)
                values (@tenant, @jobId, '2026-10', 'running', 'dead-instance', now() - interval '11 minutes', now() - interval '10 minutes')
                """, new { tenant, jobId });
            await work.CommitAsync();
        }

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var job = await (await admin.GetAsync($"/api/v1/jobs/{jobId}")).AssertStatusAsync(HttpStatusCode.OK);
            if (job.GetProperty("status").GetString() == "succeeded")
                return;
            await Task.Delay(200);
        }
        Assert.Fail("The abandoned job was not claimed again.");
    }

    [Fact]
    public async Task A_caller_with_a_short_stale_interval_cannot_take_a_job_from_a_live_worker()
    {
        var tenant = await fixture.CreateTenantAsync();
        var dataSource = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Npgsql.NpgsqlDataSource>(fixture.Api.Services);
        var jobId = Guid.CreateVersion7();
        // A live worker's job: a heartbeat just now, stale only after the two minutes that worker stated when it claimed it.
        await using (var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into calculation_jobs (tenant_id, id, period, status, worker, started_at, heartbeat_at, stale_after)
                values (@tenant, @jobId, '2026-10', 'running', 'live-instance', now(), now(), interval '2 minutes')
                """, new { tenant, jobId });
            await work.CommitAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Another caller states one second: that interval is its own job's, not a licence to take this one.
        await using (var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(dataSource, null, CancellationToken.None))
        {
            var claimed = (await work.QueryAsync<Guid>("select job_id from claim_calculation_job('impatient-instance', interval '1 second')")).ToList();
            await work.CommitAsync();
            Assert.DoesNotContain(jobId, claimed);
        }
        await using (var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None))
        {
            Assert.Equal("live-instance", await work.QuerySingleAsync<string>("select worker from calculation_jobs where id = @jobId", new { jobId }));
            // Done with it: the fixture's own worker would otherwise take it over two minutes from now.
            await work.ExecuteAsync("update calculation_jobs set status = 'failed' where id = @jobId", new { jobId });
            await work.CommitAsync();
        }
    }

    [Fact]
    public async Task A_refund_and_an_early_churn_take_back_approved_commission_as_negative_lines_in_the_next_period()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // 5 % of the revenue Anna closes, taken back on refunds and on churn within 90 days.
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"Комиссия","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
             "clawback":{"churnWindowDays":90},
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("w1", "deal.won", "2026-10-05T12:00:00+03:00", new { dealId = "D1", accountId = "A1", amount = 600_000m, currency = "RUB", employeeId = anna }),
                Event("w2", "deal.won", "2026-10-06T12:00:00+03:00", new { dealId = "D2", accountId = "A2", amount = 400_000m, currency = "RUB", employeeId = anna }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);

        // October: 5 % × 1 000 000 = 50 000, approved and paid.
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[anna];
        Assert.Equal(50_000m, october.GetProperty("total").GetDecimal());
        await (await admin.PostAsync($"/api/v1/statements/{october.GetProperty("id").GetGuid()}/approve", null)).AssertStatusAsync(HttpStatusCode.OK);

        // November: D1 half refunded, and A2 churns 37 days after D2.
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 300_000m, currency = "RUB" }),
                Event("x2", "account.churned", "2026-11-12T12:00:00+03:00", new { accountId = "A2" }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        await CalculateAsync(admin, "2026-11");
        var november = (await StatementsAsync(admin, "/api/v1/statements?period=2026-11"))[anna];
        var clawbacks = november.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "clawback")
            .ToDictionary(l => l.GetProperty("dealId").GetString()!, l => l.GetProperty("amount").GetDecimal());
        // D1 earned 600 000 / 1 000 000 of the 50 000 = 30 000; half refunded: −15 000. D2 earned 20 000, all taken back.
        Assert.Equal(new Dictionary<string, decimal> { ["D1"] = -15_000m, ["D2"] = -20_000m }, clawbacks);
        Assert.Equal(-35_000m, november.GetProperty("total").GetDecimal());
        Assert.Contains("D1", november.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("kind").GetString() == "clawback")
            .GetProperty("explanation").GetString());

        // The approved October statement is untouched.
        var octoberAgain = await (await admin.GetAsync($"/api/v1/statements/{october.GetProperty("id").GetGuid()}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", 50_000m), (octoberAgain.GetProperty("status").GetString(), octoberAgain.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public async Task A_recoverable_draw_tops_up_a_thin_month_and_is_recovered_the_next_with_the_balance_on_each_statement()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"Комиссия с гарантией","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager",
             "targetVariablePay":{"amount":10000},"draw":{"amount":10000,"recoverable":true},
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("w1", "deal.won", "2026-10-05T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }),
                Event("w2", "deal.won", "2026-11-05T12:00:00+03:00", new { dealId = "D2", amount = 400_000m, currency = "RUB", employeeId = anna }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);

        // October: 5 % × 100 000 = 5 000 earned, topped up by 5 000 to the 10 000 draw; 5 000 to recover.
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[anna];
        Assert.Equal((10_000m, 5_000m), (october.GetProperty("total").GetDecimal(), october.GetProperty("drawBalance").GetDecimal()));

        // November: 5 % × 400 000 = 20 000 earned; 5 000 recovered from the 10 000 above the draw → 15 000, balance 0.
        await CalculateAsync(admin, "2026-11");
        var november = (await StatementsAsync(admin, "/api/v1/statements?period=2026-11"))[anna];
        var recovery = november.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "draw_recovery");
        Assert.Equal(-5_000m, recovery.GetProperty("amount").GetDecimal());
        Assert.Equal((15_000m, 0m), (november.GetProperty("total").GetDecimal(), november.GetProperty("drawBalance").GetDecimal()));
    }

    private const string CommissionPlan = """
        {"name":"Комиссия","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
         "clawback":{"churnWindowDays":90},"components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
        """;

    [Fact]
    public async Task A_deal_is_taken_back_once_only_and_only_what_proration_left_of_its_commission()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        // Boris joins on 16 October: 16 of 31 days.
        var boris = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Борис", role = "sales_manager", baseSalary = 1m, startDate = "2026-10-16" }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(CommissionPlan))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("w1", "deal.won", "2026-10-20T12:00:00+03:00", new { dealId = "D1", accountId = "A1", amount = 100_000m, currency = "RUB", employeeId = boris }),
                // Won and fully refunded in October: no commission on it at all.
                Event("w2", "deal.won", "2026-10-21T12:00:00+03:00", new { dealId = "D2", amount = 200_000m, currency = "RUB", employeeId = boris }),
                Event("f2", "deal.refunded", "2026-10-25T12:00:00+03:00", new { dealId = "D2", amount = 200_000m, currency = "RUB" }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);

        // October: 5 % × 100 000 = 5 000, prorated 16/31 = 2 580.645… → 2 580.65.
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[boris];
        Assert.Equal(2_580.65m, october.GetProperty("total").GetDecimal());
        await (await admin.PostAsync($"/api/v1/statements/{october.GetProperty("id").GetGuid()}/approve", null)).AssertStatusAsync(HttpStatusCode.OK);

        // November: D1 is refunded in full and its account churns too; what was paid (2 580.65) is taken back once.
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB" }),
                Event("x1", "account.churned", "2026-11-11T12:00:00+03:00", new { accountId = "A1" }),
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        await CalculateAsync(admin, "2026-11");
        var november = (await StatementsAsync(admin, "/api/v1/statements?period=2026-11"))[boris];
        var clawbacks = november.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "clawback").ToList();
        Assert.Equal(-2_580.65m, clawbacks.Sum(l => l.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task A_quarterly_plan_pays_in_its_quarters_run_and_not_in_its_months()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 1m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(CommissionPlan.Replace("\"2026-10\",\"2026-11\"", "\"2026-Q3\""))))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-07-01" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new[] { Event("w1", "deal.won", "2026-08-20T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }) },
        })).AssertStatusAsync(HttpStatusCode.OK);

        await CalculateAsync(admin, "2026-08");
        Assert.Empty(await StatementsAsync(admin, "/api/v1/statements?period=2026-08"));
        await CalculateAsync(admin, "2026-Q3");
        Assert.Equal(5_000m, (await StatementsAsync(admin, "/api/v1/statements?period=2026-Q3"))[anna].GetProperty("total").GetDecimal());
        await (await admin.PostAsync("/api/v1/periods/\uFF12026-01/calculations", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
