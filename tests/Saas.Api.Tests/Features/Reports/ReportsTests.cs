using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;
using Breaches = Saas.Api.Features.Reports.BreachList.Response;
using Disqualifications = Saas.Api.Features.Reports.DisqualificationReport.Response;
using FirstResponses = Saas.Api.Features.Reports.FirstResponseReport.Response;
using Funnel = Saas.Api.Features.Reports.FunnelReport.Response;
using FunnelRow = Saas.Api.Features.Reports.FunnelReport.Row;
using LeadResponse = Saas.Api.Features.Actuals.GetLead.Response;

namespace Saas.Api.Tests.Features.Reports;

public class ReportsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private static Dictionary<string, object?> Event(string id, string type, string at, string lead, object? extra = null) =>
        ActualsScenarios.Event(id, type, at, lead, extra);

    private async Task<(string Admin, Guid Anna, Guid Boris)> TenantAsync()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        return (admin, await Host.EmployeeAsync(admin, "Анна"), await Host.EmployeeAsync(admin, "Борис"));
    }

    private Task<Saas.Api.Features.Actuals.IngestResult> PostAsync(string admin, IEnumerable<object> events) =>
        Host.PostEventsAsync(Caller.User(admin), [.. events]);

    /// <summary>A lead from the site, created and assigned to <paramref name="employee"/> at <paramref name="created"/>, and
    /// answered by them at <paramref name="answered"/> when given.</summary>
    private static List<object> AssignedLead(string lead, string created, Guid employee, string? answered = null)
    {
        var events = new List<object>
        {
            Event($"{lead}c", "lead.created", created, lead, new { channel = "site" }),
            Event($"{lead}a", "lead.assigned", created, lead, new { employeeId = employee }),
        };
        if (answered is not null)
            events.Add(Event($"{lead}r", "lead.first_response", answered, lead, new { employeeId = employee }));
        return events;
    }

    private Task<IScenarioResult> ProblemAsync(string token, string url, HttpStatusCode status, string? type = null) =>
        Host.Scenario(s =>
        {
            s.As(token).Get.Url(url);
            s.ProblemShouldBe(status, type);
        });

    /// <summary>The query is a 400 that names <paramref name="field"/> alone, by <paramref name="rule"/>.</summary>
    private async Task RefusedAsync(string token, string url, string field, string rule)
    {
        var problem = (await ProblemAsync(token, url, HttpStatusCode.BadRequest, "validation")).ReadProblem();
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.Equal([rule], problem.Rules![field]);
    }

    [Fact]
    public async Task The_seed_example_of_non_target_cost_comes_out_exactly_and_per_campaign()
    {
        var (admin, anna, boris) = await TenantAsync();
        // 1 000 leads in October: 600 from campaign "winter" (400 of them non-target), 400 from "spring" (100 non-target);
        // the two managers disqualify 250 each.
        var events = new List<object>();
        for (var i = 0; i < 1000; i++)
        {
            var campaign = i < 600 ? "winter" : "spring";
            events.Add(Event($"c{i}", "lead.created", "2026-10-05T10:00:00+03:00", $"L{i}", new { channel = "yandex_direct", campaign }));
            if (i < 400 || i is >= 600 and < 700)
                events.Add(Event($"d{i}", "lead.disqualified", "2026-10-06T10:00:00+03:00", $"L{i}",
                    new { reasonCode = i % 2 == 0 ? "not_target" : "spam", employeeId = events.Count % 4 < 2 ? anna : boris }));
        }
        Assert.Equal(1500, (await PostAsync(admin, events)).Accepted);

        var byReasonText = (await Host.Scenario(s => s.As(admin).Get.Url("/api/v1/reports/disqualifications?period=2026-10"))).ReadAsText();
        // Money at the currency's scale (roubles: two decimals), whatever the scale of the figures it was computed from.
        Assert.Contains("\"hourlyCost\":625.00,\"cost\":78125.00,", byReasonText);
        var byReason = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10", admin);
        var totals = byReason.Totals;
        // 500 × 15 min = 125 h; (100 000 + 100 000) / (2 × 160 h) = 625 RUB an hour; 125 × 625 = 78 125 RUB; 125 / 320 = 39 %.
        Assert.Equal((1000, 500, 125m, 625m, 78_125m, 0.390625m, 2),
            (totals.Leads, totals.NonTargetLeads, totals.Hours, totals.HourlyCost, totals.Cost, totals.ShareOfHandlersTime, totals.Handlers));
        var reasons = byReason.Groups.ToDictionary(g => g.Key);
        Assert.Equal(("Нецелевой клиент", 250, 0.5m), (reasons["not_target"].Name, reasons["not_target"].NonTargetLeads, reasons["not_target"].Share));

        var byCampaign = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10&groupBy=campaign", admin);
        var campaigns = byCampaign.Groups.ToDictionary(g => g.Key);
        // winter: 400 of 600 non-target, 400 × 0.25 h × 625 = 62 500; spring: 100 of 400, 15 625.
        Assert.Equal((600, 400, 62_500m), (campaigns["winter"].Leads, campaigns["winter"].NonTargetLeads, campaigns["winter"].Cost));
        Assert.Equal(0.25m, campaigns["spring"].Share);
        Assert.Equal(15_625m, campaigns["spring"].Cost);

        await ProblemAsync(admin, "/api/v1/reports/disqualifications", HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(admin, "/api/v1/reports/disqualifications?period=2026-10&groupBy=mood", HttpStatusCode.BadRequest, "validation");
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        Assert.Equal(0, (await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10", stranger)).Totals.Leads);
    }

    [Fact]
    public async Task Every_report_names_what_is_wrong_with_its_query()
    {
        var (admin, _, _) = await TenantAsync();
        foreach (var (url, fields, rule) in new[]
        {
            ("/api/v1/reports/funnel?period=2026-13", "period", "Period"),
            ("/api/v1/reports/funnel?period=2026-10&groupBy=reason", "groupBy", "Must"),
            ("/api/v1/reports/disqualifications?period=2026-10&groupBy=employee", "groupBy", "Must"),
            ("/api/v1/sla/first-response", "period", "Period"),
            ("/api/v1/sla/first-response?period=2026-10&groupBy=campaign", "groupBy", "Must"),
            ("/api/v1/sla/breaches?period=2026-Q5", "period", "Period"),
            ("/api/v1/sla/breaches?period=2026-10&limit=0", "limit", "InclusiveBetween"),
            ("/api/v1/sla/breaches?period=2026-10&limit=201", "limit", "InclusiveBetween"),
            ("/api/v1/sla/breaches?period=2026-10&cursor=nonsense", "cursor", "Cursor"),
            ($"/api/v1/sla/breaches?period=2026-10&cursor={System.Buffers.Text.Base64Url.EncodeToString("b2:soon:L1"u8)}", "cursor", "Cursor"),
        })
            await RefusedAsync(admin, url, fields, rule);
    }

    [Fact]
    public async Task First_response_percentiles_are_the_nearest_rank_of_the_working_minutes_rounded_to_a_tenth()
    {
        var (admin, anna, boris) = await TenantAsync();
        var vera = await Host.EmployeeAsync(admin, "Вера");
        const string Monday = "2026-10-26T10:00:00+03:00";
        // Monday's working time. Boris answers after 87 s and 153 s (1.45 and 2.55 minutes), Anna after 603 s and 60 s
        // (10.05 and 1), in no order a tally could lean on; Vera answers 130 leads after 1, 2, … 130 minutes, more than a
        // tally's first array holds.
        await PostAsync(admin, new[]
        {
            AssignedLead("P1", Monday, boris, "2026-10-26T10:01:27+03:00"),
            AssignedLead("P2", Monday, anna, "2026-10-26T10:10:03+03:00"),
            AssignedLead("P3", Monday, boris, "2026-10-26T10:02:33+03:00"),
            AssignedLead("P4", Monday, anna, "2026-10-26T10:01:00+03:00"),
        }.Concat(Enumerable.Range(1, 130).Select(i => AssignedLead($"V{i}", Monday, vera, $"2026-10-26T{10 + i / 60:00}:{i % 60:00}:00+03:00")))
            .SelectMany(l => l));

        var text = (await Host.Scenario(s => s.As(admin).Get.Url("/api/v1/sla/first-response?period=2026-10"))).ReadAsText();

        // Nearest rank: of n minutes sorted, p50 is the ⌈n/2⌉th and p90 the ⌈0.9 n⌉th, rounded to a tenth (to even) and
        // always written with it. All 134: 1, 1, 1.45, 2, 2.55, 3 … 10, 10.05, 11 … 130, so the 67th is 63 and the 121st 117.
        var report = JsonDocument.Parse(text).RootElement;
        (string, string) Percentiles(JsonElement group) => (group.GetProperty("medianMinutes").GetRawText(), group.GetProperty("p90Minutes").GetRawText());
        Assert.Equal(("63.0", "117.0"), Percentiles(report.GetProperty("total")));
        var groups = report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, Percentiles);
        Assert.Equal(("1.0", "10.0"), groups[anna.ToString()]);
        Assert.Equal(("1.4", "2.6"), groups[boris.ToString()]);
        Assert.Equal(("65.0", "117.0"), groups[vera.ToString()]);
    }

    [Fact]
    public async Task First_response_counts_working_time_across_the_weekend_and_lists_the_breaches()
    {
        var (admin, anna, _) = await TenantAsync();
        await PostAsync(admin, new[]
        {
            // Friday 23:50, answered Monday 09:04: 4 working minutes, in time.
            AssignedLead("S1", "2026-10-30T23:50:00+03:00", anna, "2026-11-02T09:04:00+03:00"),
            // Monday 10:00, answered 10:07: 7 minutes, 2 late.
            AssignedLead("S2", "2026-10-26T10:00:00+03:00", anna, "2026-10-26T10:07:00+03:00"),
            // Tuesday 10:00, never answered: late and still waiting.
            AssignedLead("S3", "2026-10-27T10:00:00+03:00", anna),
            // Tuesday 11:00, answered 11:01: in time.
            AssignedLead("S4", "2026-10-27T11:00:00+03:00", anna, "2026-10-27T11:01:00+03:00"),
        }.SelectMany(l => l));

        var report = await Host.GetAsJson<FirstResponses>("/api/v1/sla/first-response?period=2026-10", admin);
        var total = report.Total;
        Assert.Equal((4, 3, 2, 2, 1), (total.Leads, total.Answered, total.InTime, total.Late, total.Waiting));
        Assert.Equal<(decimal?, decimal?, decimal?)>((0.5m, 4m, 7m), (total.Compliance, total.MedianMinutes, total.P90Minutes));
        Assert.Equal(anna.ToString(), Assert.Single(report.Groups).Key);

        var breaches = await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10&limit=1", admin);
        var first = Assert.Single(breaches.Items);
        Assert.Equal(("S2", 2m), (first.LeadId, first.OverdueMinutes));
        var next = await Host.GetAsJson<Breaches>($"/api/v1/sla/breaches?period=2026-10&limit=1&cursor={breaches.NextCursor}", admin);
        var second = Assert.Single(next.Items);
        Assert.Equal("S3", second.LeadId);
        Assert.Null(second.FirstResponseAt);
        Assert.True(second.OverdueMinutes > 0);
        Assert.Null(next.NextCursor);

        var employee = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "employee");
        await ProblemAsync(employee, "/api/v1/sla/first-response?period=2026-10", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task First_response_groups_by_employee_team_or_channel_and_puts_leads_without_one_under_an_empty_key()
    {
        var (admin, anna, _) = await TenantAsync();
        var team = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "Продажи", department = "sales" }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        var vera = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Вера", role = "sales_manager", baseSalary = 100_000m, teamId = team })
                .ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        // Vera (in the team) has three leads: from "site", from "ads", and one from "ads" that Anna created (its owner) and
        // handed to her; Anna (in none) one from no channel; nobody has the fourth.
        const string At = "2026-10-27T10:00:00+03:00";
        object[] Lead(string lead, object created, Guid? assignee) => assignee is { } employee
            ? [Event($"{lead}c", "lead.created", At, lead, created), Event($"{lead}a", "lead.assigned", At, lead, new { employeeId = employee })]
            : [Event($"{lead}c", "lead.created", At, lead, created)];
        await PostAsync(admin, new[]
        {
            Lead("G1", new { channel = "site" }, vera), Lead("G2", new { channel = "ads" }, vera),
            Lead("G3", new { }, anna), Lead("G4", new { channel = "site" }, null),
            Lead("G5", new { channel = "ads", employeeId = anna }, vera),
        }.SelectMany(l => l));

        async Task<List<(string Key, int Leads)>> GroupsAsync(string groupBy) =>
        [
            .. (await Host.GetAsJson<FirstResponses>($"/api/v1/sla/first-response?period=2026-10&groupBy={groupBy}", admin))
                .Groups.Select(g => (g.Key, g.Leads)),
        ];
        var employees = new[] { (anna.ToString(), 1), (vera.ToString(), 3) }.OrderBy(g => g.Item1, StringComparer.Ordinal);
        Assert.Equal([("", 1), .. employees], await GroupsAsync("employee"));
        Assert.Equal([("", 2), (team.ToString(), 3)], await GroupsAsync("team"));
        Assert.Equal([("", 1), ("ads", 2), ("site", 2)], await GroupsAsync("channel"));
    }

    [Fact]
    public async Task Funnel_and_disqualifications_group_by_every_key_and_put_leads_without_one_under_an_empty_key()
    {
        var (admin, anna, boris) = await TenantAsync();
        var vera = await Host.EmployeeAsync(admin, "Вера");
        var gleb = await Host.EmployeeAsync(admin, "Глеб");
        const string At = "2026-10-27T10:00:00+03:00";
        await PostAsync(admin, new[]
        {
            // F1: Anna's (its owner), handed to Boris; reached SQL, and Boris won a deal of 1 000 on it.
            Event("F1c", "lead.created", At, "F1", new { channel = "seo", campaign = "winter", hypothesis = "h1", employeeId = anna }),
            Event("F1a", "lead.assigned", At, "F1", new { employeeId = boris }),
            Event("F1s", "lead.sql", At, "F1"),
            Event("F1w", "deal.won", At, "F1", new { dealId = "D1", amount = 1000m, currency = "RUB", employeeId = boris }),
            // F2: Anna's, never assigned; Boris disqualified it as spam.
            Event("F2c", "lead.created", At, "F2", new { channel = "seo", campaign = "spring", employeeId = anna }),
            Event("F2d", "lead.disqualified", At, "F2", new { reasonCode = "spam", employeeId = boris }),
            // F3: nobody's; an MQL, then not target, with nobody named.
            Event("F3c", "lead.created", At, "F3", new { channel = "ads", campaign = "winter", hypothesis = "h1" }),
            Event("F3m", "lead.mql", At, "F3"),
            Event("F3d", "lead.disqualified", At, "F3", new { reasonCode = "not_target" }),
            // F4: from no source, assigned to Anna; an SAL, then not target, with nobody named: Anna handled it.
            Event("F4c", "lead.created", At, "F4"),
            Event("F4a", "lead.assigned", At, "F4", new { employeeId = anna }),
            Event("F4s", "lead.sal", At, "F4"),
            Event("F4d", "lead.disqualified", At, "F4", new { reasonCode = "not_target" }),
            // F5: assigned to Vera, a target lead: Vera handled no non-target lead.
            Event("F5c", "lead.created", At, "F5", new { channel = "ads" }),
            Event("F5a", "lead.assigned", At, "F5", new { employeeId = vera }),
            // F6: assigned to Vera, and Boris disqualified it as not target: Boris handled it, not Vera.
            Event("F6c", "lead.created", At, "F6", new { channel = "seo", campaign = "spring" }),
            Event("F6a", "lead.assigned", At, "F6", new { employeeId = vera }),
            Event("F6d", "lead.disqualified", At, "F6", new { reasonCode = "not_target", employeeId = boris }),
            // F7: nobody's, and Gleb disqualified it as spam: Gleb handled it.
            Event("F7c", "lead.created", At, "F7", new { channel = "ads" }),
            Event("F7d", "lead.disqualified", At, "F7", new { reasonCode = "spam", employeeId = gleb }),
        });

        async Task<List<(string Key, int Leads, int Mql, int Sal, int Sql, int Deals, decimal Revenue)>> FunnelAsync(string groupBy)
        {
            var funnel = await Host.GetAsJson<Funnel>($"/api/v1/reports/funnel?period=2026-10&groupBy={groupBy}", admin);
            Assert.Equal((7, 3, 2, 1, 1, 1000m), (funnel.Total.Leads, funnel.Total.Mql, funnel.Total.Sal, funnel.Total.Sql, funnel.Total.DealsWon,
                funnel.Total.Revenue));
            return [.. funnel.Groups.Select(g => (g.Key, g.Leads, g.Mql, g.Sal, g.Sql, g.DealsWon, g.Revenue))];
        }
        Assert.Equal([("", 1, 1, 1, 0, 0, 0m), ("ads", 3, 1, 0, 0, 0, 0m), ("seo", 3, 1, 1, 1, 1, 1000m)], await FunnelAsync("channel"));
        Assert.Equal([("", 3, 1, 1, 0, 0, 0m), ("spring", 2, 0, 0, 0, 0, 0m), ("winter", 2, 2, 1, 1, 1, 1000m)], await FunnelAsync("campaign"));
        Assert.Equal([("", 5, 1, 1, 0, 0, 0m), ("h1", 2, 2, 1, 1, 1, 1000m)], await FunnelAsync("hypothesis"));
        // By employee: the first assignee, else the owner; not who disqualified it.
        var employees = new[] { (anna.ToString(), 2, 1, 1, 0, 0, 0m), (boris.ToString(), 1, 1, 1, 1, 1, 1000m), (vera.ToString(), 2, 0, 0, 0, 0, 0m) }
            .OrderBy(g => g.Item1, StringComparer.Ordinal);
        Assert.Equal([("", 2, 1, 0, 0, 0, 0m), .. employees], await FunnelAsync("employee"));

        async Task<List<(string Key, int Leads, int NonTarget)>> DisqualificationsAsync(string groupBy)
        {
            var report = await Host.GetAsJson<Disqualifications>($"/api/v1/reports/disqualifications?period=2026-10&groupBy={groupBy}", admin);
            // Handlers, each counted once: Boris (F2 and F6, in one group by source and in two by reason), Anna (F4) and Gleb
            // (F7); nobody had F3. Vera was given only F5, a target lead, and F6, which Boris disqualified.
            Assert.Equal((7, 5, 3), (report.Totals.Leads, report.Totals.NonTargetLeads, report.Totals.Handlers));
            return [.. report.Groups.Select(g => (g.Key, g.Leads, g.NonTargetLeads))];
        }
        // By reason, only the non-target leads, and no group's leads. Most non-target first, then by key.
        Assert.Equal([("not_target", 0, 3), ("spam", 0, 2)], await DisqualificationsAsync("reason"));
        Assert.Equal([("ads", 3, 2), ("seo", 3, 2), ("", 1, 1)], await DisqualificationsAsync("channel"));
        Assert.Equal([("", 3, 2), ("spring", 2, 2), ("winter", 2, 1)], await DisqualificationsAsync("campaign"));
        Assert.Equal([("", 5, 4), ("h1", 2, 1)], await DisqualificationsAsync("hypothesis"));
    }

    [Fact]
    public async Task Breaches_page_by_creation_then_ordinal_lead_id_whatever_order_the_leads_were_stored_in()
    {
        var (admin, anna, _) = await TenantAsync();
        // Unanswered on a Tuesday morning: late by now. Three share a creation time; their ids sort differently by
        // ordinal ("B" < "a" < "b"), by culture (a, b, B) and by arrival (b, a, B); the latest-created arrives first.
        await PostAsync(admin, new[]
        {
            AssignedLead("z-late", "2026-10-27T12:00:00+03:00", anna),
            AssignedLead("b-1", "2026-10-27T10:00:00+03:00", anna),
            AssignedLead("a-3", "2026-10-27T10:00:00+03:00", anna),
            AssignedLead("B-2", "2026-10-27T10:00:00+03:00", anna),
            AssignedLead("y-early", "2026-10-27T09:30:00+03:00", anna),
        }.SelectMany(e => e));

        // The leads are read a chunk at a time: chunks of 5 000 (one here), and of 2, whose boundary splits the three
        // created at one instant, give the same pages.
        foreach (var chunk in new[] { 5_000, 2 })
        {
            Saas.Api.Features.Reports.BreachList.Endpoint.ChunkSize = chunk;
            try
            {
                var seen = new List<string>();
                string? cursor = null;
                do
                {
                    var page = await Host.GetAsJson<Breaches>($"/api/v1/sla/breaches?period=2026-10&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", admin);
                    seen.AddRange(page.Items.Select(b => b.LeadId));
                    cursor = page.NextCursor;
                }
                while (cursor is not null && seen.Count < 10);

                Assert.Equal(["y-early", "B-2", "a-3", "b-1", "z-late"], seen);

                // A cursor of the earlier form, a count of breaches to skip, still pages on from there.
                var legacy = System.Buffers.Text.Base64Url.EncodeToString("b1:2"u8);
                var after = await Host.GetAsJson<Breaches>($"/api/v1/sla/breaches?period=2026-10&limit=2&cursor={legacy}", admin);
                Assert.Equal(["a-3", "b-1"], after.Items.Select(b => b.LeadId));
            }
            finally
            {
                Saas.Api.Features.Reports.BreachList.Endpoint.ChunkSize = 5_000;
            }
        }

        // A breach that arrives between two pages, earlier in the order than where the first ended, neither repeats a
        // breach on the next page nor is read there.
        var first = await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10&limit=2", admin);
        await PostAsync(admin, AssignedLead("x-between", "2026-10-27T09:00:00+03:00", anna));
        var second = await Host.GetAsJson<Breaches>($"/api/v1/sla/breaches?period=2026-10&limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(["y-early", "B-2", "a-3", "b-1"], first.Items.Concat(second.Items).Select(b => b.LeadId));
    }

    [Fact]
    public async Task Every_report_takes_any_range_of_days_in_the_tenants_zone_instead_of_a_period()
    {
        var (admin, anna, _) = await TenantAsync();
        var events = new List<object>();
        // Three leads on 5 October, two on 20 October, one on 2 November, Moscow time; the 20 October ones wait unanswered.
        foreach (var (lead, at) in new[] { ("A1", "2026-10-05"), ("A2", "2026-10-05"), ("A3", "2026-10-05"), ("B1", "2026-10-20"), ("B2", "2026-10-20"), ("C1", "2026-11-02") })
        {
            events.Add(Event($"c-{lead}", "lead.created", $"{at}T10:00:00+03:00", lead, new { channel = "seo", employeeId = anna }));
            if (lead.StartsWith('A'))
                events.Add(Event($"d-{lead}", "lead.disqualified", $"{at}T10:03:00+03:00", lead, new { reasonCode = "not_target", employeeId = anna }));
        }
        // The first second of 11 October in Moscow is still 10 October in UTC: it belongs to the 11th.
        events.Add(Event("c-Edge", "lead.created", "2026-10-10T21:00:00Z", "Edge", new { channel = "seo" }));
        Assert.Equal(events.Count, (await PostAsync(admin, events)).Accepted);

        var month = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", admin);
        var sameDays = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2026-10-01&to=2026-10-31", admin);
        Assert.Equal((6, 6), (month.Total.Leads, sameDays.Total.Leads));
        Assert.Equal(("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), (month.Period!, month.From, month.To));
        Assert.Null(sameDays.Period);
        Assert.Empty(sameDays.Targets);

        Assert.Equal(3, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2026-10-01&to=2026-10-10", admin)).Total.Leads);
        Assert.Equal(1, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2026-10-11&to=2026-10-11", admin)).Total.Leads);
        Assert.Equal(4, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2026-10-11&to=2026-11-05", admin)).Total.Leads);
        Assert.Equal(7, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2026-01-01&to=2026-12-31", admin)).Total.Leads);

        var week = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?from=2026-10-05&to=2026-10-11", admin);
        Assert.Equal((4, 3, new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 11)), (week.Totals.Leads, week.Totals.NonTargetLeads, week.From, week.To));
        var later = await Host.GetAsJson<FirstResponses>("/api/v1/sla/first-response?from=2026-10-15&to=2026-10-25", admin);
        Assert.Equal((2, 0, 2), (later.Total.Leads, later.Total.Answered, later.Total.Waiting));
        var breaches = await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?from=2026-10-15&to=2026-10-25", admin);
        Assert.Equal(["B1", "B2"], breaches.Items.Select(b => b.LeadId));
    }

    [Fact]
    public async Task This_month_against_the_last_and_a_week_against_the_one_before_in_one_call()
    {
        var (admin, anna, _) = await TenantAsync();
        var events = new List<object>();
        // October: four leads, one disqualified, two answered in 2 minutes (in time), one not at all. November: two leads, both
        // answered in time, none disqualified; one deal of 100 000 from B1.
        foreach (var (lead, at, answered, disqualified) in new[]
        {
            ("A1", "2026-10-05", true, false), ("A2", "2026-10-06", true, false), ("A3", "2026-10-07", false, true), ("A4", "2026-10-13", false, false),
            ("B1", "2026-11-03", true, false), ("B2", "2026-11-04", true, false),
        })
        {
            events.Add(Event($"c-{lead}", "lead.created", $"{at}T10:00:00+03:00", lead, new { channel = "seo", employeeId = anna }));
            if (answered)
                events.Add(Event($"r-{lead}", "lead.first_response", $"{at}T10:02:00+03:00", lead, new { employeeId = anna }));
            if (disqualified)
                events.Add(Event($"d-{lead}", "lead.disqualified", $"{at}T10:03:00+03:00", lead, new { reasonCode = "not_target", employeeId = anna }));
        }
        events.Add(Event("w-B1", "deal.won", "2026-11-20T12:00:00+03:00", "B1", new { dealId = "D-B1", amount = 100_000m, currency = "RUB", employeeId = anna }));
        Assert.Equal(events.Count, (await PostAsync(admin, events)).Accepted);

        var funnel = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-11&compare=previous", admin);
        var before = funnel.Comparison!;
        Assert.Equal(("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), 4), (before.Period!, before.From, before.To, before.Total.Leads));
        Assert.Equal((-2, 1, 100_000m, 0.5m), (before.Change.Leads, before.Change.DealsWon, before.Change.Revenue, before.Change.CrLeadToWon!.Value));
        Assert.Equal(["seo"], before.Groups.Select(g => g.Key));
        Assert.Null((await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-11", admin)).Comparison);

        var sla = await Host.GetAsJson<FirstResponses>("/api/v1/sla/first-response?period=2026-11&compare=previous", admin);
        // November 2 of 2 in time; October 2 of 4 (A3 was disqualified without an answer, A4 never answered): 1 − 0.5.
        Assert.Equal((1m, 0.5m, 0.5m), (sla.Total.Compliance!.Value, sla.Comparison!.Total.Compliance!.Value, sla.Comparison.Change.Compliance!.Value));

        // A week against the week before: 12–18 October against 5–11 October.
        var week = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?from=2026-10-12&to=2026-10-18&compare=previous", admin);
        Assert.Equal((new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 11), null), (week.Comparison!.From, week.Comparison.To, week.Comparison.Period));
        Assert.Equal((1, 0, -2, -1), (week.Totals.Leads, week.Totals.NonTargetLeads, week.Comparison.Change.Leads, week.Comparison.Change.NonTargetLeads));

        // Or any other days.
        var custom = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-11&compareFrom=2026-10-05&compareTo=2026-10-06", admin);
        Assert.Equal((2, 0), (custom.Comparison!.Total.Leads, custom.Comparison.Change.Leads));
        // Days without leads have no share of non-target ones to compare.
        var empty = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10&compareFrom=2026-09-01&compareTo=2026-09-07", admin);
        Assert.Equal((0, null), (empty.Comparison!.Totals.Leads, empty.Comparison.Change.Share));

        foreach (var (query, field, rule) in new[]
        {
            ("period=2026-11&compare=last", "compare", "Equal"),
            ("period=2026-11&compare=previous&compareFrom=2026-10-01&compareTo=2026-10-31", "compare", "OneRange"),
            ("period=2026-11&compareFrom=2026-10-01", "compareTo", "NotNull"),
            ("period=2026-11&compareFrom=2026-10-31&compareTo=2026-10-01", "compareTo", "Order"),
            ("period=2026-11&compareFrom=2025-01-01&compareTo=2026-01-02", "compareTo", "MaxDays"),
            ("from=2026-11-01&to=2026-11-30&compareFrom=2000-12-31&compareTo=2001-01-01", "compareFrom", "Years"),
        })
            await RefusedAsync(admin, $"/api/v1/reports/funnel?{query}", field, rule);
    }

    [Fact]
    public async Task A_range_is_a_period_or_two_ordered_days_at_most_a_year_apart()
    {
        var (admin, _, _) = await TenantAsync();
        foreach (var (query, field, rule) in new[]
        {
            ("period=2026-10&from=2026-10-01&to=2026-10-31", "period", "OneRange"),
            ("from=2026-10-01", "to", "NotNull"),
            ("to=2026-10-31", "from", "NotNull"),
            ("from=2026-10-31&to=2026-10-01", "to", "Order"),
            ("from=2026-01-01&to=2027-01-02", "to", "MaxDays"),
            ("from=2000-12-31&to=2001-01-01", "from", "Years"),
        })
        {
            foreach (var report in new[] { "/api/v1/reports/funnel", "/api/v1/reports/disqualifications", "/api/v1/sla/first-response", "/api/v1/sla/breaches" })
                await RefusedAsync(admin, $"{report}?{query}", field, rule);
        }
        await ProblemAsync(admin, "/api/v1/reports/funnel?from=2026-13-01&to=2026-12-31", HttpStatusCode.BadRequest);
        Assert.Equal(0, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?from=2025-12-31&to=2026-12-30", admin)).Total.Leads);
    }

    [Fact]
    public async Task Each_lead_is_read_exactly_its_period_in_the_tenants_zone_its_source_touch_latest_reason_deals_in_force_and_first_named_owner()
    {
        var (admin, anna, boris) = await TenantAsync();
        object At(string id, string type, string at, string lead, object? extra = null, string source = "amocrm")
        {
            var fields = Event(id, type, at, lead, extra);
            fields["source"] = source;
            return fields;
        }
        var events = new[]
        {
            // 1 October 00:30 in Moscow is in October; 1 November 00:30 is not, though both are 30 September/31 October in UTC.
            At("c0", "lead.created", "2026-09-30T21:30:00Z", "Edge", new { employeeId = boris }),
            At("c9", "lead.created", "2026-10-31T21:30:00Z", "Next"),
            // A source with a hypothesis but no campaign.
            At("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "yandex_direct", hypothesis = "h1" }),
            // Disqualified twice: the later reason stands.
            At("c2", "lead.created", "2026-10-05T10:00:00+03:00", "L2"),
            At("d2a", "lead.disqualified", "2026-10-05T11:00:00+03:00", "L2", new { reasonCode = "spam", employeeId = boris }),
            At("d2b", "lead.disqualified", "2026-10-05T12:00:00+03:00", "L2", new { reasonCode = "not_target", employeeId = boris }),
            // A deal corrected upwards, and one in another currency.
            At("c3", "lead.created", "2026-10-05T10:00:00+03:00", "L3"),
            At("w3a", "deal.won", "2026-10-10T10:00:00+03:00", "L3", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }),
            At("w3b", "deal.won", "2026-10-11T10:00:00+03:00", "L3", new { dealId = "D1", amount = 150_000m, currency = "RUB", employeeId = anna }),
            At("w3c", "deal.won", "2026-10-12T10:00:00+03:00", "L3", new { dealId = "D2", amount = 900m, currency = "USD", employeeId = anna }),
            // A deal the CRM moved from L4 to L5: it counts once, for L5.
            At("c4", "lead.created", "2026-10-05T10:00:00+03:00", "L4"),
            At("c5", "lead.created", "2026-10-05T10:00:00+03:00", "L5"),
            At("w4", "deal.won", "2026-10-10T10:00:00+03:00", "L4", new { dealId = "D3", amount = 50_000m, currency = "RUB", employeeId = anna }),
            At("w5", "deal.won", "2026-10-11T10:00:00+03:00", "L5", new { dealId = "D3", amount = 50_000m, currency = "RUB", employeeId = anna }),
            // Created twice, by two systems; the first names nobody, the second Anna: she owns it.
            At("c6a", "lead.created", "2026-10-05T10:00:00+03:00", "L6", source: "bitrix24"),
            At("c6b", "lead.created", "2026-10-05T10:05:00+03:00", "L6", new { employeeId = anna }),
        };
        Assert.Equal(events.Length, (await PostAsync(admin, events)).Accepted);

        async Task<Dictionary<string, FunnelRow>> FunnelAsync(string groupBy) =>
            (await Host.GetAsJson<Funnel>($"/api/v1/reports/funnel?period=2026-10&groupBy={groupBy}", admin)).Groups.ToDictionary(g => g.Key);
        var total = (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", admin)).Total;
        Assert.Equal((7, 2, 200_000m), (total.Leads, total.DealsWon, total.Revenue));
        Assert.Equal(1, (await FunnelAsync("hypothesis"))["h1"].Leads);
        Assert.Equal([""], (await FunnelAsync("campaign")).Keys);
        Assert.Equal(1, (await FunnelAsync("channel"))["yandex_direct"].Leads);
        var byEmployee = await FunnelAsync("employee");
        Assert.Equal((1, 1), (byEmployee[anna.ToString()].Leads, byEmployee[boris.ToString()].Leads));

        var reasons = (await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10", admin)).Groups
            .ToDictionary(g => g.Key, g => g.NonTargetLeads);
        Assert.Equal(new Dictionary<string, int> { ["not_target"] = 1 }, reasons);
    }

    [Fact]
    public async Task The_funnel_follows_the_periods_leads_by_source_with_spend_based_costs_and_the_plans_targets()
    {
        var (admin, anna, _) = await TenantAsync();
        var plan = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text("""
                {"name":"Продажи","currency":"RUB","periods":["2026-10"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
                 "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}]}]}
                """).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await Host.Scenario(s => s.As(admin).Post.Json(new { effectiveFrom = "2026-10-01" }).ToUrl($"/api/v1/plans/{plan}/activate"));
        const string at = "2026-10-05T10:00:00+03:00";
        await PostAsync(admin,
        [
            Event("c1", "lead.created", at, "L1", new { channel = "seo" }), Event("m1", "lead.mql", at, "L1"), Event("a1", "lead.sal", at, "L1"),
            Event("s1", "lead.sql", at, "L1"),
            Event("w1", "deal.won", "2026-10-20T10:00:00+03:00", "L1", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }),
            Event("c2", "lead.created", at, "L2", new { channel = "seo" }), Event("m2", "lead.mql", at, "L2"),
            Event("c3", "lead.created", at, "L3", new { channel = "yandex_direct", campaign = "winter" }), Event("m3", "lead.mql", at, "L3"),
            Event("s3", "lead.sql", at, "L3"),
            Event("c4", "lead.created", at, "L4", new { channel = "yandex_direct", campaign = "winter" }),
        ]);
        await Host.Scenario(s => s.As(admin).Post.Json(new
        {
            entries = new[] { new { date = "2026-10-05", channel = "yandex_direct", campaign = "winter", amount = 10_000m, currency = "RUB" } },
        }).ToUrl("/api/v1/actuals/spend"));

        var funnel = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", admin);
        var total = funnel.Total;
        // 4 leads, 3 MQL, 2 SAL (an SQL passed SAL), 2 SQL, 1 deal of 100 000; spend 10 000:
        // CPL 2 500, cost per SQL 5 000, CAC 10 000, ROMI (100 000 − 10 000) / 10 000 = 9.
        Assert.Equal((4, 3, 2, 2, 1, 100_000m), (total.Leads, total.Mql, total.Sal, total.Sql, total.DealsWon, total.Revenue));
        Assert.Equal<(decimal?, decimal?, decimal?, decimal?, decimal?, decimal?)>((0.75m, 0.5m, 2_500m, 5_000m, 10_000m, 9m),
            (total.CrLeadToMql, total.CrSqlToWon, total.Cpl, total.CostPerOpportunity, total.Cac, total.Romi));

        var channels = funnel.Groups.ToDictionary(g => g.Key);
        Assert.Equal((2, 1, 100_000m), (channels["seo"].Leads, channels["seo"].DealsWon, channels["seo"].Revenue));
        Assert.Equal<(decimal?, decimal?)>((5_000m, -1m), (channels["yandex_direct"].Cpl, channels["yandex_direct"].Romi));
        Assert.Null(channels["yandex_direct"].Cac); // no deal: no CAC

        var target = Assert.Single(funnel.Targets);
        Assert.Equal(("sales_manager", "deals_won", 4m, 2), (target.Role, target.Metric, target.Value, target.Headcount));

        var byCampaign = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10&groupBy=campaign", admin);
        Assert.Equal(10_000m, byCampaign.Groups.Single(g => g.Key == "winter").Spend);
        await ProblemAsync(admin, "/api/v1/reports/funnel?period=2026-10&groupBy=weather", HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData("first_touch")]
    [InlineData("last_touch")]
    [InlineData("last_non_direct")]
    public async Task The_reports_sql_attribution_agrees_with_the_engines_rule_on_random_leads(string model)
    {
        var (admin, _, _) = await TenantAsync();
        await Host.Scenario(s => s.As(admin).Patch.Json(new { attributionModel = model }).ToUrl("/api/v1/tenant"));
        // 40 leads, each with 1–5 touches (some direct, some at the same instant, some after creation), in random order;
        // none answered, so every lead is a breach and the breach list shows the SQL's source of each.
        var random = new Random(7);
        string[] channels = ["seo", "direct", "(none)", "yandex_direct", "email", "Прямые заходы"];
        var events = new List<object>();
        for (var lead = 0; lead < 40; lead++)
        {
            var created = new DateTimeOffset(2026, 10, 6, 10, 0, 0, TimeSpan.FromHours(3));
            events.Add(Event($"c{lead}", "lead.created", created.ToString("O"), $"R{lead}", new { channel = channels[random.Next(channels.Length)], campaign = $"k{random.Next(3)}" }));
            for (var touch = 0; touch < random.Next(1, 6); touch++)
                events.Add(Event($"t{lead}-{touch}", "lead.touch", created.AddMinutes(random.Next(-120, 30) / 30 * 30).ToString("O"), $"R{lead}",
                    new { channel = channels[random.Next(channels.Length)], campaign = $"k{random.Next(3)}" }));
        }
        await PostAsync(admin, events.OrderBy(_ => random.Next()));

        var breaches = await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10&limit=200", admin);
        var sql = breaches.Items.ToDictionary(b => b.LeadId, b => (b.Channel, b.Campaign));
        Assert.Equal(40, sql.Count);
        foreach (var (lead, source) in sql)
        {
            var engine = (await Host.GetAsJson<LeadResponse>($"/api/v1/actuals/leads/{lead}", admin)).Source!;
            Assert.Equal((engine.Channel, engine.Campaign), source);
        }
    }
}
