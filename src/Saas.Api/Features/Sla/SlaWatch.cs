using Microsoft.Extensions.Options;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Tenant;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

public sealed class SlaWatchOptions
{
    public const string Section = "Sla";

    /// <summary>How often each instance looks for leads whose deadline passed. Breaches are announced within this
    /// (plus the time to check a batch) of their deadline; the issue asks for 30 s.</summary>
    public TimeSpan BreachPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Live first-response breaches. Ingestion puts every new or reassigned lead on the watch (<c>sla_watch</c>);
/// this worker, on every instance, claims due rows of a tenant with <c>FOR UPDATE SKIP LOCKED</c>, recomputes their
/// clocks from the events (<see cref="SlaClock"/>, as the reports do), and in one transaction per batch either lets
/// an answered lead go, moves the check to the deadline, or marks the lead breached and writes <c>sla.breached</c> to
/// the outbox. The row lock and <c>breached_at</c> make the event once per lead, however many instances run.</summary>
public sealed partial class SlaWatch(PlatformDb platform, IOptions<SlaWatchOptions> options, TimeProvider time, ILogger<SlaWatch> logger)
    : BackgroundService
{
    /// <summary>Events older than this when they arrive (a back-fill) put no lead on the watch: its deadline is history.</summary>
    public const int LookBackDays = 14;

    /// <summary>A breach found this long after its deadline (the events arrived late) is recorded but announced to nobody.</summary>
    public static readonly TimeSpan AnnounceWithin = TimeSpan.FromHours(24);

    private const int BatchSize = 500;

    private sealed record WatchedLead(string LeadId, DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, DateTimeOffset? LastAssignedAt,
        Guid? LastAssignee, DateTimeOffset? FirstResponse)
    {
        public LeadClockFacts Facts => new(Created, Owner, FirstAssignee, LastAssignedAt, LastAssignee, FirstResponse);
    }

    private sealed record TenantRow(string TimeZone, string Settings);

    /// <summary>What <c>sla.breached</c> carries.</summary>
    public sealed record Breached(string LeadId, Guid? EmployeeId, DateTimeOffset ClockStartedAt, DateTimeOffset DueAt, int SlaMinutes,
        DateTimeOffset DetectedAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BreachPollInterval, time);
        do
        {
            try
            {
                await CheckDueLeadsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be down for a moment; the rows stay due and the next round takes them.
                LogCheckFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One round: every tenant with due leads, batch after batch until none is left.</summary>
    public async Task CheckDueLeadsAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenants;
        await using (var work = await platform.BeginAsync(cancellationToken))
            tenants = (await work.QueryAsync<Guid>("select * from sla_watch_due_tenants(100)")).ToList();
        foreach (var tenant in tenants)
        {
            while (await CheckBatchAsync(tenant, cancellationToken) == BatchSize)
            {
            }
        }
    }

    private async Task<int> CheckBatchAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
        var due = (await work.QueryAsync<string>("""
            select lead_id from sla_watch where tenant_id = @TenantId and breached_at is null and check_at <= now()
            order by check_at limit @BatchSize for update skip locked
            """, new { work.TenantId, BatchSize })).ToArray();
        if (due.Length == 0)
            return 0;

        var tenant = await work.QuerySingleAsync<TenantRow>("""
            select t.time_zone, s.settings::text as settings from tenants t join tenant_settings s on s.tenant_id = t.id where t.id = @TenantId
            """, new { work.TenantId });
        var settings = TenantSettings.FromJson(tenant.Settings);
        var calendar = Calendars.Of(settings, tenant.TimeZone);
        var leads = (await work.QueryAsync<WatchedLead>($"""
            with created as (
                select distinct on (e.lead_id) e.lead_id, e.occurred_at as created_at, e.employee_id as owner from events e
                where e.tenant_id = @TenantId and e.type = 'lead.created' and e.lead_id = any(@due)
                order by e.lead_id, e.occurred_at, e.id)
            {LeadClockSql.Ctes(settings.SlaClockStart)}
            select c.lead_id, {LeadClockSql.Columns}
            from created c
            {LeadClockSql.Joins}
            """, new { work.TenantId, due })).ToDictionary(l => l.LeadId, StringComparer.Ordinal);

        var now = time.GetUtcNow();
        var settled = new List<string>();
        var later = new List<(string LeadId, DateTimeOffset CheckAt)>();
        var breached = new List<(string LeadId, bool Announce)>();
        var announcements = new List<Breached>();
        foreach (var leadId in due)
        {
            // Not created (yet): a lead.assigned before its lead.created; the lead.created will put it back.
            if (!leads.TryGetValue(leadId, out var lead))
            {
                settled.Add(leadId);
                continue;
            }
            var clock = SlaClock.Of(lead.Facts, settings.SlaClockStart, calendar, settings.FirstResponseSlaMinutes);
            if (clock.FirstResponse is not null || clock.Due is null)
                settled.Add(leadId);
            else if (clock.Due > now)
                later.Add((leadId, clock.Due.Value));
            else
            {
                var announce = now - clock.Due.Value <= AnnounceWithin;
                breached.Add((leadId, announce));
                if (announce)
                    announcements.Add(new Breached(leadId, clock.Responsible, clock.Start, clock.Due.Value, settings.FirstResponseSlaMinutes, now));
            }
        }
        await Outbox.EnqueueAsync(work, WebhookEvents.SlaBreached, announcements);
        await work.ExecuteAsync("""
            delete from sla_watch where tenant_id = @TenantId and lead_id = any(@settled);
            update sla_watch w set check_at = l.check_at from unnest(@laterIds, @laterTimes) as l(lead_id, check_at)
            where w.tenant_id = @TenantId and w.lead_id = l.lead_id;
            update sla_watch w set breached_at = now(), notified = b.announce from unnest(@breachedIds, @announced) as b(lead_id, announce)
            where w.tenant_id = @TenantId and w.lead_id = b.lead_id;
            """, new
        {
            work.TenantId,
            settled = settled.ToArray(),
            laterIds = later.Select(l => l.LeadId).ToArray(),
            laterTimes = later.Select(l => l.CheckAt.UtcDateTime).ToArray(),
            breachedIds = breached.Select(b => b.LeadId).ToArray(),
            announced = breached.Select(b => b.Announce).ToArray(),
        });
        await work.CommitAsync();
        return due.Length;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check leads for SLA breaches")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
