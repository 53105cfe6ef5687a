using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Npgsql;
using Saas.Api.Features.Statements;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using LockPeriod = Saas.Api.Features.Statements.LockPeriod;

namespace Saas.Api.Tests.Features.Statements;

public class StatementsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    /// <summary>Sales managers: 30 000 target bonus, half on deals won (target 4), half on revenue (target 1 000 000),
    /// all gated on first-response SLA compliance of at least 90 %.</summary>
    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11","2026-12"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":0.5},
                       {"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":0.5},
                       {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.9}]}]}
        """;

    private const string CommissionPlan = """
        {"name":"Комиссия","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
         "clawback":{"churnWindowDays":90},"components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
        """;

    private static object Event(string id, string type, string at, object extra)
    {
        var fields = new Dictionary<string, object?> { ["source"] = "amocrm", ["externalId"] = id, ["type"] = type, ["occurredAt"] = at };
        foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            fields[property.Name] = property.Value;
        return fields;
    }

    /// <summary>What another feature answered, for the id it made; that feature's own tests read its types.</summary>
    private async Task<JsonElement> PostAsync(string token, string url, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        })).ReadAsJson<JsonElement>();

    private async Task<Guid> EmployeeAsync(string admin, object employee) => (await PostAsync(admin, "/api/v1/employees", employee)).GetProperty("id").GetGuid();

    private async Task ActivatePlanAsync(string admin, string plan, string effectiveFrom)
    {
        var created = await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = created.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/plans/{id}/activate", new { effectiveFrom }, HttpStatusCode.OK);
    }

    private async Task<int> PostEventsAsync(string admin, params object[] events) =>
        (await PostAsync(admin, "/api/v1/actuals/events", new { events }, HttpStatusCode.OK)).GetProperty("accepted").GetInt32();

    private async Task<JobResponse> CalculateAsync(string admin, string period = "2026-11")
    {
        var started = await Host.Scenario(s =>
        {
            s.As(admin).Post.Url($"/api/v1/periods/{period}/calculations");
            s.StatusCodeShouldBe(HttpStatusCode.Accepted);
        });
        var job = started.ReadAsJson<JobResponse>();
        var location = started.Context.Response.Headers.Location.ToString();
        Assert.Equal($"/api/v1/jobs/{job.Id}", location);
        Assert.Equal((period, $"/api/v1/statements?period={period}"), (job.Period, job.Result));
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var state = await Host.GetAsJson<JobResponse>(location, admin);
            if (state.Status is "succeeded" or "failed")
                return state;
            await Task.Delay(200);
        }
        throw new TimeoutException("The calculation did not finish in 30 s.");
    }

    /// <summary>The listed statements, each read whole, by employee.</summary>
    private async Task<Dictionary<Guid, StatementResponse>> StatementsAsync(string token, string path = "/api/v1/statements?period=2026-11")
    {
        var page = await Host.GetAsJson<Page<StatementSummary>>(path, token);
        var result = new Dictionary<Guid, StatementResponse>();
        foreach (var summary in page.Items)
            result[summary.EmployeeId] = await Host.GetAsJson<StatementResponse>($"/api/v1/statements/{summary.Id}", token);
        return result;
    }

    private async Task<StatementResponse> ApproveAsync(string admin, Guid statement) =>
        (await Host.Scenario(s => s.As(admin).Post.Url($"/api/v1/statements/{statement}/approve"))).ReadAsJson<StatementResponse>();

    private async Task<string> PayrollAsync(string token, string period = "2026-11") =>
        (await Host.Scenario(s =>
        {
            s.As(token).Get.Url($"/api/v1/periods/{period}/payroll");
            s.ContentTypeShouldBe("text/csv; charset=utf-8");
            s.Header("Content-Disposition").ShouldHaveValues();
        })).ReadAsText();

    private static IEnumerable<JsonElement> Lines(StatementResponse statement, string kind) =>
        statement.Lines.EnumerateArray().Where(l => l.GetProperty("kind").GetString() == kind);

    private static decimal Line(StatementResponse statement, string componentId) =>
        Lines(statement, "component").Where(l => l.TryGetProperty("componentId", out var c) && c.GetString() == componentId)
            .Sum(l => l.GetProperty("amount").GetDecimal());

    [Fact]
    public async Task A_period_end_to_end_calculation_statements_approval_late_event_revision_adjustment_and_payroll()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new
        {
            fullName = "Анна Петрова",
            role = "sales_manager",
            baseSalary = 100_000m,
            externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
        });
        var boris = await EmployeeAsync(admin, new { fullName = "Борис", role = "sales_manager", baseSalary = 100_000m, startDate = "2026-11-16" });
        await ActivatePlanAsync(admin, Plan, "2026-11-01");

        var accepted = await PostEventsAsync(admin,
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
            Event("w3", "deal.won", "2026-11-20T15:00:00+03:00", new { leadId = "L3", dealId = "D3", amount = 300_000m, currency = "RUB", employeeId = boris }));
        Assert.Equal(12, accepted);

        var job = await CalculateAsync(admin);
        Assert.Equal(("succeeded", 2, 2, 1m), (job.Status, job.Total, job.Changed, job.Progress));

        var statements = await StatementsAsync(admin);
        // Anna: 2 deals of 4 → 30 000 × 0.5 × 0.5 = 7 500; revenue 1 000 000 of 1 000 000 → 30 000 × 0.5 × 1 = 15 000;
        // SLA 2 of 2 in time passes the gate: 22 500.
        var first = statements[anna];
        Assert.Equal((7_500m, 15_000m, 22_500m), (Line(first, "deals"), Line(first, "revenue"), first.Total));
        Assert.Equal((1, "draft", "RUB"), (first.Revision, first.Status, first.Currency));
        Assert.Contains("30000 × 0.5 × 0.5", first.Lines.EnumerateArray().First(l => l.GetProperty("componentId").GetString() == "deals")
            .GetProperty("formula").GetString());
        // Boris from 16 November: 1 deal → 30 000 × 0.5 × 0.25 = 3 750; 300 000 → 30 000 × 0.5 × 0.3 = 4 500; 8 250 × 15/30 = 4 125.
        Assert.Equal(4_125m, statements[boris].Total);

        // Unchanged inputs change nothing.
        var again = await CalculateAsync(admin);
        Assert.Equal(0, again.Changed);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize((await StatementsAsync(admin))[anna]));
        // Nor does the same pay saved again, written with decimals this time.
        await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(new
            {
                fullName = "Анна Петрова",
                role = "sales_manager",
                baseSalary = 100_000.00m,
                externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
            }).ToUrl($"/api/v1/employees/{anna}");
            s.StatusCodeShouldBeOk();
        });
        Assert.Equal(0, (await CalculateAsync(admin)).Changed);

        var approved = await ApproveAsync(admin, first.Id);
        Assert.Equal("approved", approved.Status);
        Assert.Contains(approved.Audit, a => a.Action == "approved");
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Url($"/api/v1/statements/{first.Id}/approve");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });

        // A deal arrives late: the approved statement stays; a new revision awaits approval, with the change per line.
        await PostEventsAsync(admin, Event("w4", "deal.won", "2026-11-27T15:00:00+03:00", new { dealId = "D4", amount = 200_000m, currency = "RUB", employeeId = anna }));
        Assert.Equal(1, (await CalculateAsync(admin)).Changed);
        var revised = (await StatementsAsync(admin))[anna];
        // 3 of 4 deals → 11 250; 1 200 000 of 1 000 000 → 18 000; 29 250.
        Assert.Equal((2, "draft", 29_250m), (revised.Revision, revised.Status, revised.Total));
        Assert.Equal(first.Id, revised.PreviousId);
        var changes = revised.Changes.ToDictionary(c => c.ComponentId!, c => c.Change);
        Assert.Equal(3_750m, changes["deals"]);
        Assert.Equal(3_000m, changes["revenue"]);
        var stillApproved = await Host.GetAsJson<StatementResponse>($"/api/v1/statements/{first.Id}", admin);
        Assert.Equal(("approved", 22_500m), (stillApproved.Status, stillApproved.Total));

        // Payroll pays what is approved: Anna's first revision until the second is approved; Boris's draft not at all.
        var rows = (await PayrollAsync(admin)).TrimEnd('\n').Split('\n');
        Assert.Equal("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at", rows[0]);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith($"{anna},\"Анна Петрова\",\"\",\"amocrm:1001\",2026-11,RUB,22500.00,1,", rows[1]);
        await ApproveAsync(admin, revised.Id);
        Assert.Contains(",29250.00,2,", await PayrollAsync(admin));

        // An adjustment is a line of its own, after proration: 4 125 + 1 000 = 5 125.
        var adjustedResult = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { amount = 1_000m, reason = "Наставничество новичка" }).ToUrl($"/api/v1/statements/{statements[boris].Id}/adjustments");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var adjusted = adjustedResult.ReadAsJson<StatementResponse>();
        Assert.Equal($"/api/v1/statements/{adjusted.Id}", adjustedResult.Context.Response.Headers.Location.ToString());
        Assert.Equal((2, 5_125m), (adjusted.Revision, adjusted.Total));
        Assert.Contains(adjusted.Audit, a => a.Action == "adjusted");

        // Paged one at a time, the period lists each employee's latest revision once; every revision with revisions=all.
        var paged = new List<StatementSummary>();
        string? cursor = null;
        do
        {
            var page = await Host.GetAsJson<Page<StatementSummary>>($"/api/v1/statements?period=2026-11&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}", admin);
            paged.AddRange(page.Items);
            Assert.True(paged.Count <= 4, "the cursor should move on");
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal([(anna, 2, "approved"), (boris, 2, "draft")],
            paged.Select(s => (s.EmployeeId, s.Revision, s.Status)).OrderBy(s => s.EmployeeId == anna ? 0 : 1));
        Assert.Equal(4, (await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements?period=2026-11&revisions=all", admin)).Items.Count);
        Assert.Empty((await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements?period=2026-10", admin)).Items);

        // Paid: the period is locked and no longer recalculated.
        var locked = (await Host.Scenario(s => s.As(admin).Post.Url("/api/v1/periods/2026-11/lock"))).ReadAsJson<LockPeriod.Response>();
        Assert.Equal(new LockPeriod.Response("2026-11", "locked"), locked);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Url("/api/v1/periods/2026-11/calculations");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
    }

    [Fact]
    public async Task An_employee_sees_only_their_own_statements_and_another_tenant_sees_none()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 1m });
        var boris = await EmployeeAsync(admin, new { fullName = "Борис", role = "sales_manager", baseSalary = 1m });
        await ActivatePlanAsync(admin, Plan, "2026-11-01");
        var job = await CalculateAsync(admin);
        var all = await StatementsAsync(admin);
        Assert.Equal(2, all.Count);

        var annaToken = await fixture.TokenAsync(tenant, "employee", anna);
        var mine = await Host.GetAsJson<Page<StatementSummary>>("/api/v1/me/statements", annaToken);
        Assert.Equal([anna], mine.Items.Select(s => s.EmployeeId));
        // The detail of her own statement is under /me too; Boris's is as missing there as an unknown id, even for an admin.
        var own = await Host.GetAsJson<StatementResponse>($"/api/v1/me/statements/{all[anna].Id}", annaToken);
        Assert.Equal((all[anna].Id, anna, "2026-11"), (own.Id, own.EmployeeId, own.Period));
        Assert.NotEmpty(own.Lines.EnumerateArray());
        foreach (var (token, id) in new[] { (annaToken, all[boris].Id), (admin, all[anna].Id), (annaToken, Guid.CreateVersion7()) })
            await Host.Scenario(s =>
            {
                s.As(token).Get.Url($"/api/v1/me/statements/{id}");
                s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
            });
        Assert.Single((await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements?period=2026-11", annaToken)).Items);
        // Asking for another employee's statements finds none rather than theirs.
        Assert.Empty((await Host.GetAsJson<Page<StatementSummary>>($"/api/v1/statements?employeeId={boris}", annaToken)).Items);
        await Host.Scenario(s =>
        {
            s.As(annaToken).Get.Url($"/api/v1/statements/{all[boris].Id}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(annaToken).Post.Url($"/api/v1/statements/{all[anna].Id}/approve");
            s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
        });
        await Host.Scenario(s =>
        {
            s.As(annaToken).Post.Url("/api/v1/periods/2026-11/calculations");
            s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
        });

        // Anna questions a line; an admin answers; her follow-up reopens the thread, which a manager cannot answer.
        var annaStatement = all[anna].Id;
        var askedResult = await Host.Scenario(s =>
        {
            s.As(annaToken).Post.Json(new { componentId = "deals", message = "Почему сделка D7 не засчитана?" }).ToUrl($"/api/v1/statements/{annaStatement}/inquiries");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        Assert.Equal($"/api/v1/statements/{annaStatement}/inquiries", askedResult.Context.Response.Headers.Location.ToString());
        var asked = askedResult.ReadAsJson<InquiryResponse>();
        Assert.Equal(("open", "deals", annaStatement, "2026-11"), (asked.Status, asked.ComponentId, asked.StatementId, asked.Period));
        var repliesUrl = $"/api/v1/statements/{annaStatement}/inquiries/{asked.Id}/replies";
        var answered = (await Host.Scenario(s => s.As(admin).Post.Json(new { message = "Сделка закрыта 3 декабря и войдёт в декабрьский расчёт." }).ToUrl(repliesUrl)))
            .ReadAsJson<InquiryResponse>();
        Assert.Equal("answered", answered.Status);
        var reopened = (await Host.Scenario(s => s.As(annaToken).Post.Json(new { message = "Спасибо, а D8?" }).ToUrl(repliesUrl))).ReadAsJson<InquiryResponse>();
        Assert.Equal(("open", 3), (reopened.Status, reopened.Messages.Count));
        Assert.Equal(["employee", "admin", "employee"], reopened.Messages.Select(m => m.AuthorRole));
        var manager = await fixture.TokenAsync(tenant, "manager");
        await Host.Scenario(s =>
        {
            s.As(manager).Post.Json(new { message = "x" }).ToUrl(repliesUrl);
            s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
        });
        await Host.Scenario(s =>
        {
            s.As(annaToken).Post.Json(new { message = "?" }).ToUrl($"/api/v1/statements/{all[boris].Id}/inquiries");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { message = "x" }).ToUrl($"/api/v1/statements/{annaStatement}/inquiries/{Guid.NewGuid()}/replies");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var noLine = (await Host.Scenario(s =>
        {
            s.As(annaToken).Post.Json(new { componentId = "nope", message = "?" }).ToUrl($"/api/v1/statements/{annaStatement}/inquiries");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["LineExists"], noLine.Rules!["componentId"]);
        var thread = await Host.GetAsJson<List<InquiryResponse>>($"/api/v1/statements/{annaStatement}/inquiries", admin);
        Assert.Equal([asked.Id], thread.Select(i => i.Id));

        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        foreach (var url in new[] { $"/api/v1/statements/{annaStatement}/inquiries", $"/api/v1/statements/{annaStatement}", $"/api/v1/jobs/{job.Id}" })
            await Host.Scenario(s =>
            {
                s.As(stranger).Get.Url(url);
                s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
            });
        await Host.Scenario(s =>
        {
            s.As(stranger).Post.Url($"/api/v1/statements/{annaStatement}/approve");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        Assert.Empty((await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements", stranger)).Items);
        Assert.Equal("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at\n", await PayrollAsync(stranger));
    }

    [Fact]
    public async Task Periods_and_list_filters_are_validated()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        foreach (var (method, url) in new[] { ("POST", "/api/v1/periods/2026-13/calculations"), ("GET", "/api/v1/periods/nope/payroll"), ("POST", "/api/v1/periods/2026-Q5/lock") })
        {
            var problem = (await Host.Scenario(s =>
            {
                if (method == "POST")
                    s.As(admin).Post.Url(url);
                else
                    s.As(admin).Get.Url(url);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.Equal(["'period' must be a month (2026-12) or a quarter (2026-Q4)."], problem.Errors!["period"]);
            Assert.Equal(["Period"], problem.Rules!["period"]);
        }

        var list = (await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/statements?period=z&status=paid&revisions=some&limit=0");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["limit", "period", "revisions", "status"], list.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Must"], list.Rules!["status"]);
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/me/statements?cursor=nonsense");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/statements?employeeId=nobody");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request");
        });

        var adjustment = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { amount = 0m, reason = "" }).ToUrl($"/api/v1/statements/{Guid.NewGuid()}/adjustments");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["amount", "reason"], adjustment.Errors!.Keys.Order(StringComparer.Ordinal));
        // The route's id is not part of the body.
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Text($$"""{"id":"{{Guid.NewGuid()}}","amount":5,"reason":"r"}""").ToUrl($"/api/v1/statements/{Guid.NewGuid()}/adjustments");
            s.WithRequestHeader("Content-Type", "application/json");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
        });
    }

    /// <summary>A calculation takes the locks of all the statements it may revise before it reads any of them: an approval
    /// in progress on any one of them (here each in turn) makes it wait, and it then revises the statement as approved.</summary>
    [Fact]
    public async Task A_calculation_waits_for_an_approval_under_way_on_any_of_its_statements_and_leaves_it_approved()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 1m });
        var boris = await EmployeeAsync(admin, new { fullName = "Борис", role = "sales_manager", baseSalary = 1m });
        await ActivatePlanAsync(admin, Plan, "2026-11-01");
        Assert.Equal(2, (await CalculateAsync(admin)).Changed);
        await using var superuser = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await superuser.OpenAsync();
        async Task<bool> CalculationWaitsAsync()
        {
            await using var command = new NpgsqlCommand("""
                select count(*) from pg_stat_activity where datname = current_database() and usename = @role
                and wait_event_type = 'Lock' and wait_event = 'advisory' and query like '%pg_advisory_xact_lock(key)%'
                """, superuser);
            command.Parameters.AddWithValue("role", TestDatabase.ApplicationRole);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }

        var deal = 0;
        foreach (var held in new[] { anna, boris })
        {
            // A deal each, so that both statements change.
            foreach (var employee in new[] { anna, boris })
                await PostEventsAsync(admin, Event($"w{++deal}", "deal.won", "2026-11-20T15:00:00+03:00",
                    new { dealId = $"D{deal}", amount = 100_000m, currency = "RUB", employeeId = employee }));
            Statement approving;
            Task<JobResponse> calculation;
            await using (var approval = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None,
                             fixture.Service<IDocumentStore>()))
            {
                await Statement.LockAsync(approval, held, "2026-11");
                approving = await approval.Documents.Query<Statement>().SingleAsync(s => s.EmployeeId == held && s.Period == "2026-11" && s.Latest);
                approving.Status = Statement.Approved;
                approving.ApprovedAt = DateTimeOffset.UtcNow;
                approving.ApprovedBy = "test";
                approval.Documents.Update(approving);
                calculation = CalculateAsync(admin);
                await Polling.UntilAsync(CalculationWaitsAsync, "the calculation did not wait for the statement's lock within 20 s");
                await approval.CommitAsync();
            }

            var job = await calculation;
            Assert.Equal(("succeeded", 2), (job.Status, job.Changed));
            var revised = (await StatementsAsync(admin))[held];
            Assert.Equal((approving.Revision + 1, "draft", approving.Id), (revised.Revision, revised.Status, revised.PreviousId));
            Assert.Equal("approved", (await Host.GetAsJson<StatementResponse>($"/api/v1/statements/{approving.Id}", admin)).Status);
        }
    }

    [Fact]
    public async Task A_job_left_running_by_a_dead_worker_is_claimed_again_and_finishes()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var jobId = Guid.CreateVersion7();
        // What a crash leaves behind: a job marked running whose worker stopped sending heartbeats ten minutes ago.
        await using (var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into calculation_jobs (tenant_id, id, period, status, worker, started_at, heartbeat_at)
                values (@tenant, @jobId, '2026-10', 'running', 'dead-instance', now() - interval '11 minutes', now() - interval '10 minutes')
                """, new { tenant, jobId });
            await work.CommitAsync();
        }

        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await Host.GetAsJson<JobResponse>($"/api/v1/jobs/{jobId}", admin)).Status == "succeeded")
                return;
            await Task.Delay(200);
        }
        Assert.Fail("The abandoned job was not claimed again.");
    }

    [Fact]
    public async Task A_caller_with_a_short_stale_interval_cannot_take_a_job_from_a_live_worker()
    {
        var tenant = await fixture.CreateTenantAsync();
        var dataSource = fixture.Service<NpgsqlDataSource>();
        var jobId = Guid.CreateVersion7();
        // A live worker's job: a heartbeat just now, stale only after the two minutes that worker stated when it claimed it.
        await using (var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into calculation_jobs (tenant_id, id, period, status, worker, started_at, heartbeat_at, stale_after)
                values (@tenant, @jobId, '2026-10', 'running', 'live-instance', now(), now(), interval '2 minutes')
                """, new { tenant, jobId });
            await work.CommitAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Another caller states one second: that interval is its own job's, not a licence to take this one.
        await using (var work = await UnitOfWork.BeginAsync(dataSource, null, CancellationToken.None))
        {
            var claimed = (await work.QueryAsync<Guid>("select job_id from claim_calculation_job('impatient-instance', interval '1 second')")).ToList();
            await work.CommitAsync();
            Assert.DoesNotContain(jobId, claimed);
        }
        await using (var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None))
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
        // 5 % of the revenue Anna closes, taken back on refunds and on churn within 90 days.
        var (admin, anna, october) = await OctoberCommissionPaidAsync(CommissionPlan);

        // November: D1 half refunded, and A2 churns 37 days after D2.
        var november = await NovemberAfterAsync(admin, anna,
            Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 300_000m, currency = "RUB" }),
            Event("x2", "account.churned", "2026-11-12T12:00:00+03:00", new { accountId = "A2" }));
        var clawbacks = Lines(november, "clawback").ToDictionary(l => l.GetProperty("dealId").GetString()!, l => l.GetProperty("amount").GetDecimal());
        // D1 earned 600 000 / 1 000 000 of the 50 000 = 30 000; half refunded: −15 000. D2 earned 20 000, all taken back.
        Assert.Equal(new Dictionary<string, decimal> { ["D1"] = -15_000m, ["D2"] = -20_000m }, clawbacks);
        Assert.Equal(-35_000m, november.Total);
        Assert.Contains("D1", Lines(november, "clawback").First().GetProperty("explanation").GetString());

        // The approved October statement is untouched.
        var octoberAgain = await Host.GetAsJson<StatementResponse>($"/api/v1/statements/{october.Id}", admin);
        Assert.Equal(("approved", 50_000m), (octoberAgain.Status, octoberAgain.Total));
    }

    [Fact]
    public async Task A_plans_churn_share_takes_back_that_part_of_the_commission_and_a_late_churn_leaves_a_refund_whole()
    {
        // A churn within 30 days takes back half of the deal's commission.
        var (admin, anna, _) = await OctoberCommissionPaidAsync(
            CommissionPlan.Replace("\"churnWindowDays\":90", "\"churnWindowDays\":30,\"churnShare\":0.5", StringComparison.Ordinal));

        // November: A1 churns 27 days after D1 (within the window: half of its 30 000), then D1 is refunded in full (the
        // 15 000 left). A2 churns 37 days after D2, too late to take anything, and D2's full refund then takes all of its 20 000.
        var november = await NovemberAfterAsync(admin, anna,
            Event("x1", "account.churned", "2026-11-01T12:00:00+03:00", new { accountId = "A1" }),
            Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 600_000m, currency = "RUB" }),
            Event("x2", "account.churned", "2026-11-12T12:00:00+03:00", new { accountId = "A2" }),
            Event("f2", "deal.refunded", "2026-11-13T12:00:00+03:00", new { dealId = "D2", amount = 400_000m, currency = "RUB" }));
        var lines = Lines(november, "clawback").Select(l => (l.GetProperty("dealId").GetString()!, l.GetProperty("amount").GetDecimal())).Order().ToList();
        Assert.Equal([("D1", -15_000m), ("D1", -15_000m), ("D2", -20_000m)], lines);
        Assert.Equal(-50_000m, november.Total);
        Assert.Contains(Lines(november, "clawback"),
            l => l.GetProperty("explanation").GetString()!.Contains("; по плану возвращается 50\u00A0% комиссии:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deals_carry_attributes_that_the_plans_deal_rules_pay_by_line_by_line()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m });
        await Host.Scenario(s => s.As(admin).Patch.Json(new { dealAttributes = new[] { new { key = "region", type = "text" } } }).ToUrl("/api/v1/tenant"));
        // 5 % a deal; × 1.5 for contracts over a year; EU deals at 2 %.
        const string plan = """
            {"name":"Комиссия по сделкам","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager",
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05,"tierBasis":"per_deal",
               "dealRules":[{"label":"Многолетний договор","when":[{"attribute":"contract_months","operator":"above","value":12}],"multiplier":1.5},
                            {"when":[{"attribute":"region","operator":"is","value":"EU"}],"rate":0.02}]}]}]}
            """;
        await ActivatePlanAsync(admin, plan, "2026-11-01");

        var ingested = await PostAsync(admin, "/api/v1/actuals/events", new
        {
            events = new[]
            {
                Event("w1", "deal.won", "2026-11-05T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna, attributes = new { contract_months = 24 } }),
                Event("w2", "deal.won", "2026-11-06T12:00:00+03:00", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna, attributes = new { region = "EU" } }),
                Event("w3", "deal.won", "2026-11-07T12:00:00+03:00", new { dealId = "D3", amount = 100_000m, currency = "RUB", employeeId = anna }),
                Event("w4", "deal.won", "2026-11-08T12:00:00+03:00", new { dealId = "D4", amount = 100_000m, currency = "RUB", employeeId = anna, attributes = new { colour = "red" } }),
                Event("w5", "deal.won", "2026-11-09T12:00:00+03:00", new { dealId = "D5", amount = 100_000m, currency = "RUB", employeeId = anna, attributes = new { contract_months = "long" } }),
                Event("l1", "lead.created", "2026-11-09T12:00:00+03:00", new { leadId = "L1", attributes = new { region = "EU" } }),
            },
        }, HttpStatusCode.OK);
        Assert.Equal(3, ingested.GetProperty("accepted").GetInt32());
        var rejected = ingested.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("errors").EnumerateObject().Single());
        Assert.Equal("attributes.colour", rejected[3].Name);
        Assert.Contains("declare it in the tenant's settings", rejected[3].Value[0].GetString());
        Assert.Equal(("attributes.contract_months", "'contract_months' is a number attribute; long is a text."), (rejected[4].Name, rejected[4].Value[0].GetString()));
        Assert.Equal("attributes", rejected[5].Name);
        var listed = await Host.GetAsJson<JsonElement>("/api/v1/actuals/events?dealId=D1", admin);
        Assert.Equal(24, listed.GetProperty("items")[0].GetProperty("attributes").GetProperty("contract_months").GetInt32());

        await CalculateAsync(admin);
        var statement = (await StatementsAsync(admin))[anna];
        var lines = Lines(statement, "component").ToDictionary(l => l.GetProperty("dealId").GetString()!);
        // D1: 5 000 × 1.5 = 7 500; D2: 2 % = 2 000; D3: 5 % = 5 000.
        Assert.Equal((7_500m, 2_000m, 5_000m, 14_500m),
            (lines["D1"].GetProperty("amount").GetDecimal(), lines["D2"].GetProperty("amount").GetDecimal(), lines["D3"].GetProperty("amount").GetDecimal(), statement.Total));
        Assert.Equal(("Многолетний договор", 1.5m), (lines["D1"].GetProperty("rule").GetString(), lines["D1"].GetProperty("multiplier").GetDecimal()));
        Assert.Contains("правило «region = EU»: ставка 2", lines["D2"].GetProperty("explanation").GetString());

        // A rule on an attribute the tenant never declared is refused where it is written.
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(plan.Replace("\"region\"", "\"segment\"", StringComparison.Ordinal)).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["unknown_attribute"], problem.Rules!["assignments[0].components[0].dealRules[1].when[0].attribute"]);

        // The active plan's rules name 'region': it cannot go, nor change its type, while they do.
        foreach (var attributes in new[] { Array.Empty<object>(), [new { key = "region", type = "number" }] })
            await Host.Scenario(s =>
            {
                s.As(admin).Patch.Json(new { dealAttributes = attributes }).ToUrl("/api/v1/tenant");
                s.ProblemShouldBe(HttpStatusCode.Conflict);
            });
        await Host.Scenario(s => s.As(admin).Patch.Json(new { dealAttributes = new[] { new { key = "region", type = "text" }, new { key = "seats", type = "number" } } })
            .ToUrl("/api/v1/tenant"));
    }

    [Fact]
    public async Task An_attribute_text_that_is_no_text_is_that_items_error_and_the_rest_of_the_batch_is_stored()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m });
        // Written by hand: a serializer would not write a lone surrogate.
        var body = $$$"""
            {"events":[
              {"source":"crm","externalId":"a","type":"deal.won","occurredAt":"2026-11-05T12:00:00+03:00","dealId":"A","amount":1,"currency":"RUB","employeeId":"{{{anna}}}","attributes":{"product_line":"\uDC00"}},
              {"source":"crm","externalId":"b","type":"deal.won","occurredAt":"2026-11-05T12:00:00+03:00","dealId":"B","amount":1,"currency":"RUB","employeeId":"{{{anna}}}","attributes":{"product_line":"a\u0000b"}},
              {"source":"crm","externalId":"c","type":"deal.won","occurredAt":"2026-11-05T12:00:00+03:00","dealId":"C","amount":1,"currency":"RUB","employeeId":"{{{anna}}}","attributes":{"product_line":" cloud "}},
              {"source":"crm","externalId":"d","type":"deal.won","occurredAt":"2026-11-05T12:00:00+03:00","dealId":"D","amount":1,"currency":"RUB","employeeId":"{{{anna}}}","attributes":{"\uDC00":"x"}}]}
            """;
        var result = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(body).ToUrl("/api/v1/actuals/events");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<JsonElement>();
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal([0, 1, 3], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task A_refund_takes_back_a_deals_commission_as_a_multiplier_raised_it_and_not_a_kicker_on_another_component()
    {
        // 5 % commission raised × 1.2 in October; a KPI on deals won (10 000 at target) doubled by a kicker of its own.
        const string plan = """
            {"name":"Комиссия и KPI","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
             "clawback":{"churnWindowDays":90},"components":[
               {"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05},
               {"kind":"attainment","id":"deals","metric":"deals_won","target":2,"weight":1},
               {"kind":"multiplier","id":"october","factor":1.2,"periods":["2026-10"],"appliesTo":["commission"]},
               {"kind":"multiplier","id":"kicker","factor":2,"appliesTo":["deals"]}]}]}
            """;
        // 50 000 × 1.2 = 60 000 commission; 10 000 × 2 = 20 000 on the KPI.
        var (admin, anna, october) = await OctoberCommissionPaidAsync(plan, total: 80_000m);
        var october1 = Lines(october, "multiplier").Single(l => l.GetProperty("componentId").GetString() == "october");
        Assert.Equal(["commission"], october1.GetProperty("appliesTo").EnumerateArray().Select(e => e.GetString()));

        var november = await NovemberAfterAsync(admin, anna, Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 600_000m, currency = "RUB" }));
        // D1 earned 30 000 of the commission, 36 000 as raised; the KPI's kicker is not the deal's to give back.
        Assert.Equal(-36_000m, Assert.Single(Lines(november, "clawback")).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_refund_takes_back_each_share_component_of_a_deal_as_its_own_multipliers_raised_it()
    {
        // Two commissions on the same deals; only the first is raised × 1.2 in October.
        const string plan = """
            {"name":"Две комиссии","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
             "clawback":{"churnWindowDays":90},"components":[
               {"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05},
               {"kind":"share","id":"bonus","measure":"revenue","credit":"closed","rate":0.01},
               {"kind":"multiplier","id":"october","factor":1.2,"periods":["2026-10"],"appliesTo":["commission"]}]}]}
            """;
        // 50 000 × 1.2 = 60 000 commission and 10 000 bonus.
        var (admin, anna, _) = await OctoberCommissionPaidAsync(plan, total: 70_000m);

        var november = await NovemberAfterAsync(admin, anna, Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 600_000m, currency = "RUB" }));
        // D1: 30 000 × 1.2 of the commission and 6 000 of the bonus, not (30 000 + 6 000) × 1.2.
        Assert.Equal(-42_000m, Assert.Single(Lines(november, "clawback")).GetProperty("amount").GetDecimal());
    }

    /// <summary>November after the clawback tests' October: its events posted, the period calculated, and the employee's
    /// statement read back.</summary>
    private async Task<StatementResponse> NovemberAfterAsync(string admin, Guid employee, params object[] events)
    {
        await PostEventsAsync(admin, events);
        await CalculateAsync(admin, "2026-11");
        return (await StatementsAsync(admin, "/api/v1/statements?period=2026-11"))[employee];
    }

    /// <summary>A tenant whose sales manager Anna closed D1 (account A1, 600 000) and D2 (A2, 400 000) in October under
    /// <paramref name="plan"/>: <paramref name="total"/> (5 % × 1 000 000 = 50 000 under the commission plan), calculated and approved.</summary>
    private async Task<(string Admin, Guid Anna, StatementResponse October)> OctoberCommissionPaidAsync(string plan, decimal total = 50_000m)
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m });
        await ActivatePlanAsync(admin, plan, "2026-10-01");
        await PostEventsAsync(admin,
            Event("w1", "deal.won", "2026-10-05T12:00:00+03:00", new { dealId = "D1", accountId = "A1", amount = 600_000m, currency = "RUB", employeeId = anna }),
            Event("w2", "deal.won", "2026-10-06T12:00:00+03:00", new { dealId = "D2", accountId = "A2", amount = 400_000m, currency = "RUB", employeeId = anna }));
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[anna];
        Assert.Equal(total, october.Total);
        await ApproveAsync(admin, october.Id);
        return (admin, anna, october);
    }

    [Fact]
    public async Task A_recoverable_draw_tops_up_a_thin_month_and_is_recovered_the_next_with_the_balance_on_each_statement()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m });
        await ActivatePlanAsync(admin, """
            {"name":"Комиссия с гарантией","currency":"RUB","periods":["2026-10","2026-11"],"assignments":[{"role":"sales_manager",
             "targetVariablePay":{"amount":10000},"draw":{"amount":10000,"recoverable":true},
             "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
            """, "2026-10-01");
        await PostEventsAsync(admin,
            Event("w1", "deal.won", "2026-10-05T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }),
            Event("w2", "deal.won", "2026-11-05T12:00:00+03:00", new { dealId = "D2", amount = 400_000m, currency = "RUB", employeeId = anna }));

        // October: 5 % × 100 000 = 5 000 earned, topped up by 5 000 to the 10 000 draw; 5 000 to recover.
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[anna];
        Assert.Equal((10_000m, 5_000m), (october.Total, october.DrawBalance));

        // November: 5 % × 400 000 = 20 000 earned; 5 000 recovered from the 10 000 above the draw → 15 000, balance 0.
        await CalculateAsync(admin, "2026-11");
        var november = (await StatementsAsync(admin, "/api/v1/statements?period=2026-11"))[anna];
        Assert.Equal(-5_000m, Lines(november, "draw_recovery").Single().GetProperty("amount").GetDecimal());
        Assert.Equal((15_000m, 0m), (november.Total, november.DrawBalance));
    }

    [Fact]
    public async Task A_deal_is_taken_back_once_only_and_only_what_proration_left_of_its_commission()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        // Boris joins on 16 October: 16 of 31 days.
        var boris = await EmployeeAsync(admin, new { fullName = "Борис", role = "sales_manager", baseSalary = 1m, startDate = "2026-10-16" });
        await ActivatePlanAsync(admin, CommissionPlan, "2026-10-01");
        await PostEventsAsync(admin,
            Event("w1", "deal.won", "2026-10-20T12:00:00+03:00", new { dealId = "D1", accountId = "A1", amount = 100_000m, currency = "RUB", employeeId = boris }),
            // Won and fully refunded in October: no commission on it at all.
            Event("w2", "deal.won", "2026-10-21T12:00:00+03:00", new { dealId = "D2", amount = 200_000m, currency = "RUB", employeeId = boris }),
            Event("f2", "deal.refunded", "2026-10-25T12:00:00+03:00", new { dealId = "D2", amount = 200_000m, currency = "RUB" }));

        // October: 5 % × 100 000 = 5 000, prorated 16/31 = 2 580.645… → 2 580.65.
        await CalculateAsync(admin, "2026-10");
        var october = (await StatementsAsync(admin, "/api/v1/statements?period=2026-10"))[boris];
        Assert.Equal(2_580.65m, october.Total);
        await ApproveAsync(admin, october.Id);

        // November: D1 is refunded in full and its account churns too; what was paid (2 580.65) is taken back once.
        var november = await NovemberAfterAsync(admin, boris,
            Event("f1", "deal.refunded", "2026-11-10T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB" }),
            Event("x1", "account.churned", "2026-11-11T12:00:00+03:00", new { accountId = "A1" }));
        Assert.Equal(-2_580.65m, Lines(november, "clawback").Sum(l => l.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task A_quarterly_plan_pays_in_its_quarters_run_and_not_in_its_months()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await EmployeeAsync(admin, new { fullName = "Анна", role = "sales_manager", baseSalary = 1m });
        await ActivatePlanAsync(admin, CommissionPlan.Replace("\"2026-10\",\"2026-11\"", "\"2026-Q3\""), "2026-07-01");
        await PostEventsAsync(admin,
            Event("w1", "deal.won", "2026-08-20T12:00:00+03:00", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }));

        await CalculateAsync(admin, "2026-08");
        Assert.Empty(await StatementsAsync(admin, "/api/v1/statements?period=2026-08"));
        await CalculateAsync(admin, "2026-Q3");
        Assert.Equal(5_000m, (await StatementsAsync(admin, "/api/v1/statements?period=2026-Q3"))[anna].Total);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Url("/api/v1/periods/\uFF12026-01/calculations");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
    }
}
