using Microsoft.Extensions.Options;
using Saas.Api.Features.Sla;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Workers;
using Saas.Engine.Attribution;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>Keeps <c>lead_facts</c> and <c>deal_facts</c> (what <see cref="LeadFact"/> reads) up to date. Ingestion marks
/// the leads and deals its events name as stale in the same statement; this worker, on every instance, claims stale rows
/// of a tenant with <c>FOR UPDATE SKIP LOCKED</c> and rebuilds their facts from the events, a batch per transaction.
/// A report first rebuilds what of its tenant is still stale (<see cref="CatchUpAsync"/>), so that it never reads facts
/// older than an acknowledged event, whether this worker keeps up or not.</summary>
public sealed partial class LeadFactsRefresher(PlatformDb platform, IOptions<LeadFactsOptions> options, TimeProvider time,
    ILogger<LeadFactsRefresher> logger) : BackgroundService
{
    // A failed round leaves the rows stale, and the next round takes them; a round that left work behind (a tenant
    // reached its share) is followed at once by the next.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RunAsync(options.Value.PollInterval, time, async cancellationToken =>
        {
            while (await RefreshStaleAsync(cancellationToken))
            {
            }
        }, e => LogRefreshFailed(logger, e), stoppingToken);

    /// <summary>A tenant gets at most this many batches a round, so that one that keeps importing holds up no other.</summary>
    private const int BatchesPerTenantAndRound = 20;

    /// <summary>One round: every tenant with stale leads, the longest waiting first, batch after batch until none is
    /// left (or <see cref="BatchesPerTenantAndRound"/>). A tenant whose rebuild fails is logged and skipped, so it holds
    /// up no other. True when a tenant was left with stale rows because it reached its share.</summary>
    public async Task<bool> RefreshStaleAsync(CancellationToken cancellationToken)
    {
        var more = false;
        List<Guid> tenants;
        var markedBefore = time.GetUtcNow() - options.Value.SettleDelay;
        await using (var work = await platform.BeginAsync(cancellationToken))
            tenants = (await work.QueryAsync<Guid>("select * from lead_facts_stale_tenants(100, @markedBefore)", new { markedBefore })).ToList();
        var batchSize = options.Value.BatchSize;
        foreach (var tenant in tenants)
        {
            try
            {
                var batches = 0;
                while (await RefreshBatchAsync(tenant, batchSize, markedBefore, cancellationToken) == batchSize)
                {
                    if (++batches == BatchesPerTenantAndRound)
                    {
                        more = true;
                        break;
                    }
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogTenantRefreshFailed(logger, tenant, e);
            }
        }
        return more;
    }

    private async Task<int> RefreshBatchAsync(Guid tenantId, int batchSize, DateTimeOffset markedBefore, CancellationToken cancellationToken)
    {
        await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
        var claimed = await ClaimAsync(work, batchSize, skipLocked: true, markedBefore);
        await RebuildAsync(work, claimed);
        await work.CommitAsync();
        return claimed.Count;
    }

    /// <summary>Rebuilds every lead and deal of the unit of work's tenant that was stale when the call began, in batches
    /// of their own transactions; rows another instance is rebuilding are waited for rather than skipped, so that the
    /// facts read afterwards include every event acknowledged before the call.</summary>
    public async Task CatchUpAsync(TenantDb db, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        DateTimeOffset? until = null;
        while (true)
        {
            await using var work = await db.BeginAsync(cancellationToken);
            until ??= await work.QuerySingleAsync<DateTimeOffset>("select now()");
            var claimed = await ClaimAsync(work, batchSize, skipLocked: false, until);
            if (claimed.Count == 0)
                return;
            await RebuildAsync(work, claimed);
            await work.CommitAsync();
        }
    }

    private sealed record StaleRow(string Kind, string Key);

    // In (kind, key) order, as ingestion marks them, so that a report and an import waiting on each other's rows cannot
    // deadlock.
    private static async Task<List<StaleRow>> ClaimAsync(UnitOfWork work, int batchSize, bool skipLocked, DateTimeOffset? markedBy = null) =>
        (await work.QueryAsync<StaleRow>($"""
            with claimed as (
                select kind, key from lead_facts_stale
                where tenant_id = @TenantId {(markedBy is null ? "" : "and marked_at <= @markedBy")}
                order by kind, key limit @batchSize for update{(skipLocked ? " skip locked" : "")})
            delete from lead_facts_stale s using claimed c
            where s.tenant_id = @TenantId and s.kind = c.kind and s.key = c.key
            returning s.kind, s.key
            """, new { work.TenantId, batchSize, markedBy })).ToList();

    private static async Task RebuildAsync(UnitOfWork work, List<StaleRow> stale)
    {
        var leads = stale.Where(s => s.Kind == "l").Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        var deals = stale.Where(s => s.Kind == "d").Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        if (leads.Length > 0)
            await work.ExecuteAsync(RebuildLeadsSql, new
            {
                work.TenantId,
                leads,
                direct = LeadAttribution.DirectChannels.Select(c => c.ToLowerInvariant()).ToArray(),
            });
        if (deals.Length > 0)
            await work.ExecuteAsync(RebuildDealsSql, new { work.TenantId, deals });
    }

    private const string Touches = "e.type in ('lead.created', 'lead.touch') and e.channel is not null and e.occurred_at <= c.created_at";

    // Each lead's events are read through events_by_lead; a source is the [1:1] slice of an ordered aggregate of
    // [channel, campaign, hypothesis], so its three parts come from one touch (LeadAttribution's rule per model). The
    // creation is the lead's first lead.created, its owner the first employee such an event names.
    private static readonly string RebuildLeadsSql = $"""
        insert into lead_facts (tenant_id, lead_id, created_at, owner, first_assignee, assignments, first_response_at, first_touch, last_touch,
            last_non_direct, reason_code, disqualified_by, mql, sal, sql)
        select @TenantId, w.lead_id, c.created_at, c.owner, k.first_assignee, k.assignments, k.first_response_at, k.first_touch, k.last_touch,
               k.last_non_direct, k.disqualification[1][1], k.disqualification[1][2]::uuid, k.mql, k.sal, k.sql
        from unnest(@leads::text[]) as w (lead_id)
        cross join lateral (
            select min(e.occurred_at) as created_at,
                   (array_agg(e.employee_id order by e.occurred_at, e.id) filter (where e.employee_id is not null))[1] as owner
            from events e where e.tenant_id = @TenantId and e.lead_id = w.lead_id and e.type = 'lead.created') c
        cross join lateral (
            select {LeadClockSql.Aggregates(SlaClockStart.LeadAssigned)},
                (array_agg(array[e.channel, e.campaign, e.hypothesis] order by e.occurred_at, e.id) filter (where {Touches}))[1:1] as first_touch,
                (array_agg(array[e.channel, e.campaign, e.hypothesis] order by e.occurred_at desc, e.id desc) filter (where {Touches}))[1:1] as last_touch,
                (array_agg(array[e.channel, e.campaign, e.hypothesis] order by lower(trim(e.channel)) = any(@direct), e.occurred_at desc, e.id desc)
                    filter (where {Touches}))[1:1] as last_non_direct,
                (array_agg(array[e.reason_code, e.employee_id::text] order by e.occurred_at desc, e.id desc)
                    filter (where e.type = 'lead.disqualified'))[1:1] as disqualification,
                coalesce(bool_or(e.type in ('lead.mql', 'lead.sal', 'lead.sql')), false) as mql,
                coalesce(bool_or(e.type in ('lead.sal', 'lead.sql')), false) as sal,
                coalesce(bool_or(e.type = 'lead.sql'), false) as sql
            from events e where e.tenant_id = @TenantId and e.lead_id = w.lead_id) k
        order by w.lead_id
        on conflict (tenant_id, lead_id) do update set
            created_at = excluded.created_at, owner = excluded.owner, first_assignee = excluded.first_assignee, assignments = excluded.assignments,
            first_response_at = excluded.first_response_at, first_touch = excluded.first_touch, last_touch = excluded.last_touch,
            last_non_direct = excluded.last_non_direct, reason_code = excluded.reason_code, disqualified_by = excluded.disqualified_by,
            mql = excluded.mql, sal = excluded.sal, sql = excluded.sql
        """;

    // A deal's version in force is its latest deal.won, whichever lead that names.
    private const string RebuildDealsSql = """
        insert into deal_facts (tenant_id, deal_id, lead_id, amount, currency)
        select @TenantId, w.deal_id, v.lead_id, v.amount, v.currency
        from unnest(@deals::text[]) as w (deal_id)
        cross join lateral (
            select e.lead_id, e.amount, e.currency from events e
            where e.tenant_id = @TenantId and e.deal_id = w.deal_id and e.type = 'deal.won'
            order by e.occurred_at desc, e.id desc limit 1) v
        order by w.deal_id
        on conflict (tenant_id, deal_id) do update set lead_id = excluded.lead_id, amount = excluded.amount, currency = excluded.currency
        """;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rebuild the lead facts of tenant {TenantId}")]
    private static partial void LogTenantRefreshFailed(ILogger logger, Guid tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rebuild lead facts")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
