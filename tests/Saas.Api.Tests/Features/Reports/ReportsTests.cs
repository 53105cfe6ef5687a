using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Reports;

public class ReportsTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    /// <summary>An amoCRM event of a lead, with <paramref name="extra"/>'s properties as further fields.</summary>
    internal static Dictionary<string, object?> Event(string id, string type, string at, string lead, object? extra = null)
    {
        var fields = new Dictionary<string, object?> { ["source"] = "amocrm", ["externalId"] = id, ["type"] = type, ["occurredAt"] = at, ["leadId"] = lead };
        if (extra is not null)
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
                fields[property.Name] = property.Value;
        return fields;
    }

    private async Task<(HttpClient Admin, Guid Anna, Guid Boris)> TenantAsync()
    {
        var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var boris = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Борис", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return (admin, anna, boris);
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
        var posted = await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1500, posted.GetProperty("accepted").GetInt32());

        var byReason = await (await admin.GetAsync("/api/v1/reports/disqualifications?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK);
        var totals = byReason.GetProperty("totals");
        // 500 × 15 min = 125 h; (100 000 + 100 000) / (2 × 160 h) = 625 RUB an hour; 125 × 625 = 78 125 RUB; 125 / 320 = 39 %.
        Assert.Equal((1000, 500, 125m, 625m, 78_125m, 0.390625m, 2),
            (totals.GetProperty("leads").GetInt32(), totals.GetProperty("nonTargetLeads").GetInt32(), totals.GetProperty("hours").GetDecimal(),
             totals.GetProperty("hourlyCost").GetDecimal(), totals.GetProperty("cost").GetDecimal(), totals.GetProperty("shareOfHandlersTime").GetDecimal(),
             totals.GetProperty("handlers").GetInt32()));
        var reasons = byReason.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g);
        Assert.Equal(("Нецелевой клиент", 250, 0.5m), (reasons["not_target"].GetProperty("name").GetString(),
            reasons["not_target"].GetProperty("nonTargetLeads").GetInt32(), reasons["not_target"].GetProperty("share").GetDecimal()));

        var byCampaign = await (await admin.GetAsync("/api/v1/reports/disqualifications?period=2026-10&groupBy=campaign")).AssertStatusAsync(HttpStatusCode.OK);
        var campaigns = byCampaign.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g);
        // winter: 400 of 600 non-target, 400 × 0.25 h × 625 = 62 500; spring: 100 of 400, 15 625.
        Assert.Equal((600, 400, 62_500m), (campaigns["winter"].GetProperty("leads").GetInt32(), campaigns["winter"].GetProperty("nonTargetLeads").GetInt32(),
            campaigns["winter"].GetProperty("cost").GetDecimal()));
        Assert.Equal(0.25m, campaigns["spring"].GetProperty("share").GetDecimal());
        Assert.Equal(15_625m, campaigns["spring"].GetProperty("cost").GetDecimal());

        await (await admin.GetAsync("/api/v1/reports/disqualifications")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync("/api/v1/reports/disqualifications?period=2026-10&groupBy=mood")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var empty = await (await stranger.GetAsync("/api/v1/reports/disqualifications?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(0, empty.GetProperty("totals").GetProperty("leads").GetInt32());
    }

    [Fact]
    public async Task First_response_counts_working_time_across_the_weekend_and_lists_the_breaches()
    {
        var (admin, anna, _) = await TenantAsync();
        object Lead(string lead, string created, string? answered)
        {
            var list = new List<object>
            {
                Event($"{lead}c", "lead.created", created, lead, new { channel = "site" }),
                Event($"{lead}a", "lead.assigned", created, lead, new { employeeId = anna }),
            };
            if (answered is not null)
                list.Add(Event($"{lead}r", "lead.first_response", answered, lead, new { employeeId = anna }));
            return list;
        }
        var events = new[]
        {
            // Friday 23:50, answered Monday 09:04: 4 working minutes, in time.
            Lead("S1", "2026-10-30T23:50:00+03:00", "2026-11-02T09:04:00+03:00"),
            // Monday 10:00, answered 10:07: 7 minutes, 2 late.
            Lead("S2", "2026-10-26T10:00:00+03:00", "2026-10-26T10:07:00+03:00"),
            // Tuesday 10:00, never answered: late and still waiting.
            Lead("S3", "2026-10-27T10:00:00+03:00", null),
            // Tuesday 11:00, answered 11:01: in time.
            Lead("S4", "2026-10-27T11:00:00+03:00", "2026-10-27T11:01:00+03:00"),
        }.SelectMany(l => (List<object>)l).ToArray();
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);

        var report = await (await admin.GetAsync("/api/v1/sla/first-response?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK);
        var total = report.GetProperty("total");
        Assert.Equal((4, 3, 2, 2, 1, 0.5m, 4m, 7m),
            (total.GetProperty("leads").GetInt32(), total.GetProperty("answered").GetInt32(), total.GetProperty("inTime").GetInt32(),
             total.GetProperty("late").GetInt32(), total.GetProperty("waiting").GetInt32(), total.GetProperty("compliance").GetDecimal(),
             total.GetProperty("medianMinutes").GetDecimal(), total.GetProperty("p90Minutes").GetDecimal()));
        Assert.Equal(anna.ToString(), Assert.Single(report.GetProperty("groups").EnumerateArray()).GetProperty("key").GetString());

        var breaches = await (await admin.GetAsync("/api/v1/sla/breaches?period=2026-10&limit=1")).AssertStatusAsync(HttpStatusCode.OK);
        var first = Assert.Single(breaches.GetProperty("items").EnumerateArray());
        Assert.Equal(("S2", 2m), (first.GetProperty("leadId").GetString(), first.GetProperty("overdueMinutes").GetDecimal()));
        var next = await (await admin.GetAsync($"/api/v1/sla/breaches?period=2026-10&limit=1&cursor={breaches.GetProperty("nextCursor").GetString()}"))
            .AssertStatusAsync(HttpStatusCode.OK);
        var second = Assert.Single(next.GetProperty("items").EnumerateArray());
        Assert.Equal("S3", second.GetProperty("leadId").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("firstResponseAt").ValueKind);
        Assert.True(second.GetProperty("overdueMinutes").GetDecimal() > 0);
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);

        using var employee = fixture.Api.Client(await fixture.CreateTenantAsync(), "employee");
        await (await employee.GetAsync("/api/v1/sla/first-response?period=2026-10")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Breaches_page_by_creation_then_ordinal_lead_id_whatever_order_the_leads_were_stored_in()
    {
        var (admin, anna, _) = await TenantAsync();
        // Unanswered on a Tuesday morning: late by now. Three share a creation time; their ids sort differently by
        // ordinal ("B" < "a" < "b"), by culture (a, b, B) and by arrival (b, a, B); the latest-created arrives first.
        object[] Unanswered(string lead, string created) =>
        [
            Event($"{lead}c", "lead.created", created, lead, new { channel = "site" }),
            Event($"{lead}a", "lead.assigned", created, lead, new { employeeId = anna }),
        ];
        var events = new[]
        {
            Unanswered("z-late", "2026-10-27T12:00:00+03:00"),
            Unanswered("b-1", "2026-10-27T10:00:00+03:00"),
            Unanswered("a-3", "2026-10-27T10:00:00+03:00"),
            Unanswered("B-2", "2026-10-27T10:00:00+03:00"),
            Unanswered("y-early", "2026-10-27T09:30:00+03:00"),
        }.SelectMany(e => e).ToArray();
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/v1/sla/breaches?period=2026-10&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .AssertStatusAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("leadId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);

        Assert.Equal(["y-early", "B-2", "a-3", "b-1", "z-late"], seen);
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
        var posted = await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(events.Length, posted.GetProperty("accepted").GetInt32());

        async Task<Dictionary<string, JsonElement>> FunnelAsync(string groupBy) =>
            (await (await admin.GetAsync($"/api/v1/reports/funnel?period=2026-10&groupBy={groupBy}")).AssertStatusAsync(HttpStatusCode.OK))
            .GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        var total = (await (await admin.GetAsync("/api/v1/reports/funnel?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("total");
        Assert.Equal((7, 2, 200_000m), (total.GetProperty("leads").GetInt32(), total.GetProperty("dealsWon").GetInt32(), total.GetProperty("revenue").GetDecimal()));
        Assert.Equal(1, (await FunnelAsync("hypothesis"))["h1"].GetProperty("leads").GetInt32());
        Assert.Equal([""], (await FunnelAsync("campaign")).Keys);
        Assert.Equal(1, (await FunnelAsync("channel"))["yandex_direct"].GetProperty("leads").GetInt32());
        var byEmployee = await FunnelAsync("employee");
        Assert.Equal((1, 1), (byEmployee[anna.ToString()].GetProperty("leads").GetInt32(), byEmployee[boris.ToString()].GetProperty("leads").GetInt32()));

        var reasons = (await (await admin.GetAsync("/api/v1/reports/disqualifications?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK))
            .GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("nonTargetLeads").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["not_target"] = 1 }, reasons);
    }

    [Fact]
    public async Task The_funnel_follows_the_periods_leads_by_source_with_spend_based_costs_and_the_plans_targets()
    {
        var (admin, anna, _) = await TenantAsync();
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"Продажи","currency":"RUB","periods":["2026-10"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
             "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" })).AssertStatusAsync(HttpStatusCode.OK);
        const string at = "2026-10-05T10:00:00+03:00";
        var events = new object[]
        {
            Event("c1", "lead.created", at, "L1", new { channel = "seo" }), Event("m1", "lead.mql", at, "L1"), Event("a1", "lead.sal", at, "L1"),
            Event("s1", "lead.sql", at, "L1"),
            Event("w1", "deal.won", "2026-10-20T10:00:00+03:00", "L1", new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }),
            Event("c2", "lead.created", at, "L2", new { channel = "seo" }), Event("m2", "lead.mql", at, "L2"),
            Event("c3", "lead.created", at, "L3", new { channel = "yandex_direct", campaign = "winter" }), Event("m3", "lead.mql", at, "L3"),
            Event("s3", "lead.sql", at, "L3"),
            Event("c4", "lead.created", at, "L4", new { channel = "yandex_direct", campaign = "winter" }),
        };
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/spend", new
        {
            entries = new[] { new { date = "2026-10-05", channel = "yandex_direct", campaign = "winter", amount = 10_000m, currency = "RUB" } },
        })).AssertStatusAsync(HttpStatusCode.OK);

        var funnel = await (await admin.GetAsync("/api/v1/reports/funnel?period=2026-10")).AssertStatusAsync(HttpStatusCode.OK);
        var total = funnel.GetProperty("total");
        // 4 leads, 3 MQL, 2 SAL (an SQL passed SAL), 2 SQL, 1 deal of 100 000; spend 10 000:
        // CPL 2 500, cost per SQL 5 000, CAC 10 000, ROMI (100 000 − 10 000) / 10 000 = 9.
        Assert.Equal((4, 3, 2, 2, 1, 100_000m), (total.GetProperty("leads").GetInt32(), total.GetProperty("mql").GetInt32(), total.GetProperty("sal").GetInt32(),
            total.GetProperty("sql").GetInt32(), total.GetProperty("dealsWon").GetInt32(), total.GetProperty("revenue").GetDecimal()));
        Assert.Equal((0.75m, 0.5m, 2_500m, 5_000m, 10_000m, 9m), (total.GetProperty("crLeadToMql").GetDecimal(), total.GetProperty("crSqlToWon").GetDecimal(),
            total.GetProperty("cpl").GetDecimal(), total.GetProperty("costPerOpportunity").GetDecimal(), total.GetProperty("cac").GetDecimal(),
            total.GetProperty("romi").GetDecimal()));

        var channels = funnel.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g);
        Assert.Equal((2, 1, 100_000m), (channels["seo"].GetProperty("leads").GetInt32(), channels["seo"].GetProperty("dealsWon").GetInt32(),
            channels["seo"].GetProperty("revenue").GetDecimal()));
        Assert.Equal((5_000m, -1m), (channels["yandex_direct"].GetProperty("cpl").GetDecimal(), channels["yandex_direct"].GetProperty("romi").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, channels["yandex_direct"].GetProperty("cac").ValueKind); // no deal: no CAC

        var target = Assert.Single(funnel.GetProperty("targets").EnumerateArray());
        Assert.Equal(("sales_manager", "deals_won", 4m, 2), (target.GetProperty("role").GetString(), target.GetProperty("metric").GetString(),
            target.GetProperty("value").GetDecimal(), target.GetProperty("headcount").GetInt32()));

        var byCampaign = await (await admin.GetAsync("/api/v1/reports/funnel?period=2026-10&groupBy=campaign")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(10_000m, byCampaign.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "winter").GetProperty("spend").GetDecimal());
        await (await admin.GetAsync("/api/v1/reports/funnel?period=2026-10&groupBy=weather")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData("first_touch")]
    [InlineData("last_touch")]
    [InlineData("last_non_direct")]
    public async Task The_reports_sql_attribution_agrees_with_the_engines_rule_on_random_leads(string model)
    {
        var (admin, _, _) = await TenantAsync();
        await (await admin.PatchAsJsonAsync("/api/v1/tenant", new { attributionModel = model })).AssertStatusAsync(HttpStatusCode.OK);
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
        var shuffled = events.OrderBy(_ => random.Next()).ToArray();
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events = shuffled })).AssertStatusAsync(HttpStatusCode.OK);

        var breaches = await (await admin.GetAsync("/api/v1/sla/breaches?period=2026-10&limit=200")).AssertStatusAsync(HttpStatusCode.OK);
        var sql = breaches.GetProperty("items").EnumerateArray().ToDictionary(b => b.GetProperty("leadId").GetString()!,
            b => (b.GetProperty("channel").GetString(), b.GetProperty("campaign").GetString()));
        Assert.Equal(40, sql.Count);
        foreach (var (lead, source) in sql)
        {
            var engine = (await (await admin.GetAsync($"/api/v1/actuals/leads/{lead}")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("source");
            Assert.Equal((engine.GetProperty("channel").GetString(), engine.GetProperty("campaign").GetString()), source);
        }
    }
}
