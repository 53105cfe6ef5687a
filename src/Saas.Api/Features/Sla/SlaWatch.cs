using Microsoft.Extensions.Options;
using Saas.Api.Features.Tenant;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Infrastructure.Workers;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

/// <summary>Live first-response breaches. Ingestion puts every new or reassigned lead on the watch (<c>sla_watch</c>);
/// this worker, on every instance, claims due rows of a tenant with <c>FOR UPDATE SKIP LOCKED</c>, recomputes their
/// clocks from the events (<see cref="SlaClock"/>, as the reports do), and in one transaction per batch either lets
/// an answered lead go, moves the check to the deadline, or marks the lead breached and writes <c>sla.breached</c> to
/// the outbox. The row lock and <c>breached_at</c> make the event once per lead, however many instances run.</summary>
public sealed partial class SlaWatch(PlatformDb platform, IOptions<SlaWatchOptions> options, TimeProvider time, SaasMetrics metrics,
    WorkerHeartbeats heartbeats, ILogger<SlaWatch> logger) : BackgroundService
{
    private readonly Heartbeat _heartbeat = heartbeats.Start("sla-watch");

    /// <summary>Events older than this when they arrive (a back-fill) put no lead on the watch: its deadline is history.</summary>
    public const int LookBackDays = 14;

    /// <summary>A breach found this long after its deadline (the events arrived late) is recorded but announced to nobody.</summary>
    public static readonly TimeSpan AnnounceWithin = TimeSpan.FromHours(24);

    /// <summary>When a lead has no deadline at all (no working time in the calendar's horizon), it is looked at again
    /// this much later: the calendar may have been fixed.</summary>
    private static readonly TimeSpan NoDeadlineRecheck = TimeSpan.FromDays(1);

    private sealed record WatchedLead(string LeadId, DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments,
        DateTimeOffset? FirstResponse)
    {
        public LeadClockFacts Facts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);
    }

    /// <summary>What <c>sla.breached</c> carries.</summary>
    public sealed record Breached(string LeadId, Guid? EmployeeId, DateTimeOffset ClockStartedAt, DateTimeOffset DueAt, int SlaMinutes,
        DateTimeOffset DetectedAt);

    /// <summary>Breached rows whose lead can never be announced again are dropped (<c>purge_sla_watch</c>), hourly.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        await using var work = await platform.BeginAsync(cancellationToken);
        await work.QuerySingleAsync<int>("select purge_sla_watch()");
        await work.CommitAsync();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var purgedAt = DateTimeOffset.MinValue;
        // A failed round leaves the rows due, and the next round takes them.
        return Rounds.RunAsync(options.Value.BreachPollInterval, time, _heartbeat, async cancellationToken =>
        {
            if (time.GetUtcNow() - purgedAt > TimeSpan.FromHours(1))
            {
                purgedAt = time.GetUtcNow();
                await PurgeAsync(cancellationToken);
            }
            await CheckDueLeadsAsync(cancellationToken);
        }, e => LogCheckFailed(logger, e), stoppingToken);
    }

    /// <summary>One round: every tenant with due leads, the most overdue first, batch after batch until none is left.
    /// A tenant whose check fails (its settings, a timeout) is logged and skipped, so it holds up no other.</summary>
    public async Task CheckDueLeadsAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenants;
        await using (var work = await platform.BeginAsync(cancellationToken))
            tenants = (await work.QueryAsync<Guid>("select * from sla_watch_due_tenants(100)")).ToList();
        var batchSize = options.Value.BatchSize;
        foreach (var tenant in tenants)
        {
            try
            {
                while (await CheckBatchAsync(tenant, batchSize, cancellationToken) == batchSize)
                {
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogTenantCheckFailed(logger, tenant, e);
            }
        }
    }

    private async Task<int> CheckBatchAsync(Guid tenantId, int batchSize, CancellationToken cancellationToken)
    {
        _heartbeat.Beat();
        await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
        var due = (await work.QueryAsync<string>("""
            select lead_id from sla_watch where tenant_id = @TenantId and breached_at is null and check_at <= now()
            order by check_at limit @batchSize for update skip locked
            """, new { work.TenantId, batchSize })).ToArray();
        if (due.Length == 0)
            return 0;

        var tenant = await TenantProfile.LoadAsync(work);
        var settings = tenant.Settings;
        var calendar = tenant.Calendar();
        var leads = (await work.QueryAsync<WatchedLead>($"""
            with {LeadClockSql.Created("", "e.lead_id = any(@due)")}
            select c.lead_id, {LeadClockSql.Columns}
            from created c
            {LeadClockSql.Probed(settings.SlaClockStart)}
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
            // No clock (from assignment, nobody was given the lead yet): its lead.assigned will put it back.
            if (SlaClock.Of(lead.Facts, settings.SlaClockStart, calendar, settings.FirstResponseSlaMinutes) is not { } clock
                || clock.FirstResponse is not null)
                settled.Add(leadId);
            else if (clock.Due is not { } deadline)
                later.Add((leadId, now + NoDeadlineRecheck));
            else if (deadline > now)
                later.Add((leadId, deadline));
            else
            {
                var announce = now - deadline <= AnnounceWithin;
                breached.Add((leadId, announce));
                if (announce)
                    announcements.Add(new Breached(leadId, clock.Responsible, clock.Start, deadline, settings.FirstResponseSlaMinutes, now));
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
        metrics.SlaBreachesAnnounced(announcements.Count);
        return due.Length;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the leads of tenant {TenantId} for SLA breaches")]
    private static partial void LogTenantCheckFailed(ILogger logger, Guid tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check leads for SLA breaches")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
