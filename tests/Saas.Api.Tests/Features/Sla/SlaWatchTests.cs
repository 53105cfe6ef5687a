using System.Net;
using System.Text.Json;
using Alba;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;
using Breaches = Saas.Api.Features.Reports.BreachList.Response;
using Disqualifications = Saas.Api.Features.Reports.DisqualificationReport.Response;
using FirstResponseGroup = Saas.Api.Features.Reports.FirstResponseReport.Group;
using FirstResponses = Saas.Api.Features.Reports.FirstResponseReport.Response;
using Funnel = Saas.Api.Features.Reports.FunnelReport.Response;

namespace Saas.Api.Tests.Features.Sla;

/// <summary>The live breach watch (<c>sla.breached</c> through webhooks), the clock from assignment, and the reports'
/// tenant isolation.</summary>
public class SlaWatchTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private sealed record WatchRow(string LeadId, DateTimeOffset CheckAt, DateTimeOffset? BreachedAt, bool Notified);

    private static object Event(string id, string type, DateTimeOffset at, string lead, Guid? employee = null) =>
        new { source = "amocrm", externalId = id, type, occurredAt = at.ToString("O"), leadId = lead, employeeId = employee, channel = "seo" };

    /// <summary>A tenant that works around the clock in UTC, so that deadlines are wall-clock minutes whenever the test runs.</summary>
    private async Task<(Guid Tenant, string Admin, Guid Anna)> AroundTheClockTenantAsync(string slaFrom = "lead.created")
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
        await PatchTenantAsync(admin, new
        {
            timeZone = "Etc/UTC",
            workingHours = days.Select(day => new { day, from = "00:00", to = "24:00" }),
            firstResponseSlaFrom = slaFrom,
        });
        return (tenant, admin, await Host.EmployeeAsync(admin, "Анна"));
    }

    private Task PatchTenantAsync(string admin, object settings) => Host.Scenario(s => s.As(admin).Patch.Json(settings).ToUrl("/api/v1/tenant"));

    private Task SubscribeAsync(string admin, WebhookReceiver receiver) => Host.Scenario(s =>
    {
        s.As(admin).Post.Json(new { url = receiver.Url, events = new[] { "sla.breached" } }).ToUrl("/api/v1/webhooks");
        s.StatusCodeShouldBe(HttpStatusCode.Created);
    });

    private async Task PostAsync(string admin, params object[] events) =>
        Assert.Equal(events.Length, (await Host.PostEventsAsync(Caller.User(admin), events)).Accepted);

    private async Task<T> QueryAsync<T>(Guid tenant, Func<UnitOfWork, Task<T>> query)
    {
        await using var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None);
        return await query(work);
    }

    private Task<Dictionary<string, WatchRow>> WatchAsync(Guid tenant) => QueryAsync(tenant, async work =>
        (await work.QueryAsync<WatchRow>("select lead_id, check_at, breached_at, notified from sla_watch where tenant_id = @TenantId", new { work.TenantId }))
        .ToDictionary(r => r.LeadId));

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual, TimeSpan tolerance) =>
        Assert.InRange(actual, expected - tolerance, expected + tolerance);

    private Task<int> AnnouncedAsync(Guid tenant) => QueryAsync(tenant, work =>
        work.QuerySingleAsync<int>("select count(*)::int from outbox_events where tenant_id = @TenantId and type = 'sla.breached'", new { work.TenantId }));

    [Fact]
    public async Task A_lead_left_unanswered_past_its_deadline_is_announced_once_and_answered_pending_and_old_leads_are_not()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin, anna) = await AroundTheClockTenantAsync();
        await SubscribeAsync(admin, receiver);
        var now = DateTimeOffset.UtcNow;
        await PostAsync(admin,
            Event("late", "lead.created", now.AddMinutes(-10), "late", anna),
            Event("answered", "lead.created", now.AddMinutes(-10), "answered", anna),
            Event("answered-r", "lead.first_response", now.AddMinutes(-8), "answered", anna),
            Event("pending", "lead.created", now.AddMinutes(-1), "pending", anna),
            Event("old", "lead.created", now.AddDays(-3), "old", anna),
            Event("ancient", "lead.created", now.AddDays(-20), "ancient", anna));

        var breach = (await receiver.WaitForAsync(r => r.Count >= 1)).Single();
        var data = breach.Json.GetProperty("data");
        Assert.Equal(("sla.breached", "late", anna, 5), (breach.Json.GetProperty("type").GetString(), data.GetProperty("leadId").GetString(),
            data.GetProperty("employeeId").GetGuid(), data.GetProperty("slaMinutes").GetInt32()));
        AssertNear(now.AddMinutes(-5), data.GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1000));

        await Task.Delay(1500);
        Assert.Single(receiver.Requests);
        Assert.Equal(1, await AnnouncedAsync(tenant));
        var watch = await WatchAsync(tenant);
        Assert.Equal(["late", "old", "pending"], watch.Keys.Order());
        Assert.True(watch["late"].BreachedAt is not null && watch["late"].Notified);
        // Three days late when it arrived: recorded as breached, announced to nobody.
        Assert.True(watch["old"].BreachedAt is not null && !watch["old"].Notified);
        Assert.Null(watch["pending"].BreachedAt);
        AssertNear(now.AddMinutes(4), watch["pending"].CheckAt, TimeSpan.FromMilliseconds(61_000));

        // A re-sent event or a late answer never announces the lead again.
        await Host.PostEventsAsync(Caller.User(admin), Event("late-again", "lead.assigned", now, "late", anna));
        await Task.Delay(1000);
        Assert.Equal(1, await AnnouncedAsync(tenant));
    }

    [Fact]
    public async Task A_deadline_that_passes_while_the_lead_waits_is_announced_within_30_seconds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, admin, anna) = await AroundTheClockTenantAsync();
        await SubscribeAsync(admin, receiver);
        // Due ten seconds from now.
        await PostAsync(admin, Event("c", "lead.created", DateTimeOffset.UtcNow.AddSeconds(-290), "soon", anna));
        Assert.Empty(receiver.Requests);

        var received = (await receiver.WaitForAsync(r => r.Count >= 1, seconds: 120)).Single();
        var dueAt = received.Json.GetProperty("data").GetProperty("dueAt").GetDateTimeOffset();
        Assert.InRange(received.Json.GetProperty("data").GetProperty("detectedAt").GetDateTimeOffset() - dueAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        // At the receiver, too: detection, outbox and delivery together.
        Assert.InRange(received.At - dueAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_instances_announce_every_breach_exactly_once()
    {
        // A second instance of the API, on a socket, whose workers share the leads with the in-memory one.
        await using var second = new ApiFactory(fixture.Database.PooledApplicationConnectionString(), settings: LiveApiFixture.LiveSettings);
        using var _ = second.Client();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin, anna) = await AroundTheClockTenantAsync();
        await SubscribeAsync(admin, receiver);
        var createdAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await PostAsync(admin, Enumerable.Range(0, 300).Select(i => Event($"c{i}", "lead.created", createdAt, $"L{i}", anna)).ToArray());

        await receiver.WaitForAsync(r => r.Select(x => x.Json.GetProperty("data").GetProperty("leadId").GetString()).Distinct().Count() == 300, seconds: 60);
        await Task.Delay(2000);
        Assert.Equal(300, await AnnouncedAsync(tenant));
        var received = receiver.Requests.ToList();
        Assert.Equal(300, received.Count);
        Assert.Equal(300, received.Select(r => r.EventId).Distinct().Count());
        Assert.All((await WatchAsync(tenant)).Values, row => Assert.True(row.BreachedAt is not null && row.Notified));
    }

    [Fact]
    public async Task From_assignment_a_reassignment_restarts_the_clock_live()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin, anna) = await AroundTheClockTenantAsync("lead.assigned");
        await SubscribeAsync(admin, receiver);
        var now = DateTimeOffset.UtcNow;
        await PostAsync(admin,
            // Created ten minutes ago but given to Anna only a minute ago: due in four minutes, not late.
            Event("c1", "lead.created", now.AddMinutes(-10), "fresh"),
            Event("a1", "lead.assigned", now.AddMinutes(-1), "fresh", anna),
            // Given to Anna eight minutes ago and nobody answered: late.
            Event("c2", "lead.created", now.AddMinutes(-10), "stale"),
            Event("a2", "lead.assigned", now.AddMinutes(-8), "stale", anna),
            // Nobody was given it yet: no clock runs.
            Event("c3", "lead.created", now.AddMinutes(-10), "unassigned"));

        var data = (await receiver.WaitForAsync(r => r.Count >= 1)).Single().Json.GetProperty("data");
        Assert.Equal("stale", data.GetProperty("leadId").GetString());
        AssertNear(now.AddMinutes(-8), data.GetProperty("clockStartedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1000));
        await Task.Delay(1000);
        Assert.Single(receiver.Requests);
        var watch = await WatchAsync(tenant);
        Assert.False(watch.ContainsKey("unassigned"));
        var fresh = watch["fresh"];
        Assert.Null(fresh.BreachedAt);
        AssertNear(now.AddMinutes(4), fresh.CheckAt, TimeSpan.FromMilliseconds(61_000));
    }

    [Fact]
    public async Task The_reports_follow_the_tenants_clock_choice_and_show_only_the_callers_tenant()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await Host.EmployeeAsync(admin, "Анна");
        var boris = await Host.EmployeeAsync(admin, "Борис");
        // Wednesday 7 October 2026, Moscow. L1: Anna gets it at 10:01, Boris at 10:04 (before her deadline) and answers at
        // 10:08. L2: Anna gets it at 10:01 and lets it lie; Boris gets it at 10:20 and answers at 10:22.
        static DateTimeOffset Msk(int hour, int minute) => new(2026, 10, 7, hour, minute, 0, TimeSpan.FromHours(3));
        await PostAsync(admin,
            Event("c1", "lead.created", Msk(10, 0), "L1"),
            Event("a11", "lead.assigned", Msk(10, 1), "L1", anna),
            Event("a12", "lead.assigned", Msk(10, 4), "L1", boris),
            Event("r1", "lead.first_response", Msk(10, 8), "L1", boris),
            Event("c2", "lead.created", Msk(10, 0), "L2"),
            Event("a21", "lead.assigned", Msk(10, 1), "L2", anna),
            Event("a22", "lead.assigned", Msk(10, 20), "L2", boris),
            Event("r2", "lead.first_response", Msk(10, 22), "L2", boris),
            new
            {
                source = "amocrm",
                externalId = "d",
                type = "lead.disqualified",
                occurredAt = Msk(11, 0).ToString("O"),
                leadId = "L2",
                employeeId = boris,
                reasonCode = "spam",
            });

        async Task<Dictionary<string, FirstResponseGroup>> GroupsAsync() =>
            (await Host.GetAsJson<FirstResponses>("/api/v1/sla/first-response?period=2026-10&groupBy=employee", admin)).Groups.ToDictionary(g => g.Key);

        static (int InTime, int Late) Counts(FirstResponseGroup group) => (group.InTime, group.Late);

        // From creation: both leads are Anna's (their first assignee), answered 8 and 22 minutes after creation: late.
        var fromCreation = await GroupsAsync();
        Assert.Equal([anna.ToString()], fromCreation.Keys);
        Assert.Equal((0, 2), Counts(fromCreation[anna.ToString()]));
        var breaches = await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10", admin);
        Assert.Equal(Msk(10, 0), breaches.Items[0].ClockStartedAt);

        // From assignment: L1 restarted for Boris at 10:04, answered in 4 minutes; L2 was already late when Anna passed it on.
        await PatchTenantAsync(admin, new { firstResponseSlaFrom = "lead.assigned" });
        var fromAssignment = await GroupsAsync();
        Assert.Equal((1, 0), Counts(fromAssignment[boris.ToString()]));
        Assert.Equal(4.0m, fromAssignment[boris.ToString()].MedianMinutes);
        Assert.Equal((0, 1), Counts(fromAssignment[anna.ToString()]));
        var late = Assert.Single((await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10", admin)).Items);
        Assert.Equal(("L2", anna, Msk(10, 1)), (late.LeadId, late.EmployeeId, late.ClockStartedAt));
        Assert.Equal("lead.assigned", (await Host.GetAsJson<JsonElement>("/api/v1/tenant", admin)).GetProperty("firstResponseSlaFrom").GetString());
        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { firstResponseSlaFrom = "lead.touch" }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });

        // Another tenant's reports of the same month are empty, every one of them.
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        Assert.Equal(0, (await Host.GetAsJson<FirstResponses>("/api/v1/sla/first-response?period=2026-10", stranger)).Total.Leads);
        Assert.Empty((await Host.GetAsJson<Breaches>("/api/v1/sla/breaches?period=2026-10", stranger)).Items);
        var disqualified = await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10", stranger);
        Assert.Equal((0, 0), (disqualified.Totals.Leads, disqualified.Groups.Count));
        var funnel = await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", stranger);
        Assert.Equal((0, 0), (funnel.Total.Leads, funnel.Groups.Count));
        Assert.Equal(2, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", admin)).Total.Leads);
        Assert.Equal(1, (await Host.GetAsJson<Disqualifications>("/api/v1/reports/disqualifications?period=2026-10", admin)).Totals.NonTargetLeads);
    }

    [Fact]
    public async Task A_shorter_sla_brings_the_deadlines_of_waiting_leads_forward_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin, anna) = await AroundTheClockTenantAsync();
        await PatchTenantAsync(admin, new { firstResponseSlaMinutes = 60 });
        await SubscribeAsync(admin, receiver);
        await PostAsync(admin, Event("c", "lead.created", DateTimeOffset.UtcNow.AddMinutes(-10), "L1", anna));
        await Task.Delay(1000);
        Assert.Empty(receiver.Requests);
        Assert.Null((await WatchAsync(tenant))["L1"].BreachedAt);

        await PatchTenantAsync(admin, new { firstResponseSlaMinutes = 5 });
        var data = (await receiver.WaitForAsync(r => r.Count >= 1, seconds: 15)).Single().Json.GetProperty("data");
        Assert.Equal(("L1", 5), (data.GetProperty("leadId").GetString(), data.GetProperty("slaMinutes").GetInt32()));
    }

    [Fact]
    public async Task A_tenant_whose_check_fails_holds_up_no_other()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (broken, brokenAdmin, brokenAnna) = await AroundTheClockTenantAsync();
        // A time zone this machine does not know (settings saved on another image, say): that tenant's check throws.
        await fixture.Database.ExecuteAsOwnerAsync($"update tenants set time_zone = 'Mars/Olympus_Mons' where id = '{broken}'");
        await PostAsync(brokenAdmin, Event("c", "lead.created", DateTimeOffset.UtcNow.AddMinutes(-20), "B1", brokenAnna));

        var (_, admin, anna) = await AroundTheClockTenantAsync();
        await SubscribeAsync(admin, receiver);
        await PostAsync(admin, Event("c", "lead.created", DateTimeOffset.UtcNow.AddMinutes(-10), "H1", anna));
        var data = (await receiver.WaitForAsync(r => r.Count >= 1, seconds: 15)).Single().Json.GetProperty("data");
        Assert.Equal("H1", data.GetProperty("leadId").GetString());
        Assert.Contains(fixture.Logs.Entries, e => e.Category.EndsWith("SlaWatch", StringComparison.Ordinal) && e.Message.Contains(broken.ToString()));
    }
}
