using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Reports;

public class ReportsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static Dictionary<string, object?> Event(string id, string type, string at, string lead, object? extra = null)
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
}
