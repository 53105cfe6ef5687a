using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Sla;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Infrastructure.Workers;
using Saas.Engine.Attribution;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>Keeps <c>lead_facts</c> and <c>deal_facts</c> (what the reports read) up to date. Each import appends a
/// row to <c>lead_facts_pending</c> listing the leads and deals its events name, in the same statement; this worker, on
/// every instance, claims a few such rows of a tenant for <see cref="ClaimFor"/> (other instances skip them), rebuilds what they
/// list from the events and deletes them. A report first rebuilds the pending leads that are or may become
/// created in its days (<see cref="CatchUpAsync"/>), so that it never reads facts older than an acknowledged event, whether
/// this worker keeps up or not, and without rebuilding what other days hold.</summary>
public sealed partial class LeadFactsRefresher(PlatformDb platform, IOptions<LeadFactsOptions> options, TimeProvider time, SaasMetrics metrics,
    WorkerHeartbeats heartbeats, ILogger<LeadFactsRefresher> logger) : BackgroundService
{
    private readonly Heartbeat _heartbeat = heartbeats.Start("lead-facts");

    // A failed round leaves the rows pending, and the next round takes them; a round that left work behind (a tenant
    // reached its share) is followed at once by the next.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RunAsync(options.Value.PollInterval, time, _heartbeat, async cancellationToken =>
        {
            while (await RefreshPendingAsync(cancellationToken))
            {
            }
        }, e => LogRefreshFailed(logger, e), stoppingToken);

    /// <summary>A tenant gets at most this many batches a round, so that one that keeps importing holds up no other.</summary>
    private const int BatchesPerTenantAndRound = 20;

    /// <summary>One round: every tenant with pending imports, the longest waiting first, batch after batch until none is
    /// left (or <see cref="BatchesPerTenantAndRound"/>). A tenant whose rebuild fails is logged and skipped, so it holds
    /// up no other. True when a tenant was left with pending imports because it reached its share. The imports pending
    /// when it starts are the backlog that <see cref="SaasMetrics"/> reports.</summary>
    public async Task<bool> RefreshPendingAsync(CancellationToken cancellationToken)
    {
        var more = false;
        List<Guid> tenants;
        var markedBefore = time.GetUtcNow() - options.Value.SettleDelay;
        await using (var work = await platform.BeginAsync(cancellationToken))
        {
            metrics.LeadFactsBacklogCounted(await work.QuerySingleAsync<int>("select lead_facts_backlog()"));
            tenants = (await work.QueryAsync<Guid>("select * from lead_facts_pending_tenants(100, @markedBefore)", new { markedBefore })).ToList();
        }
        if (tenants.Count == 0)
            return false;
        // A span only for a round with work: one a second for nothing would bury the others.
        using var activity = SaasTraces.Source.StartActivity("lead_facts.refresh");
        activity?.SetTag("saas.lead_facts.tenants", tenants.Count);
        var imports = options.Value.ImportsPerBatch;
        foreach (var tenant in tenants)
        {
            try
            {
                var batches = 0;
                while (await RefreshBatchAsync(tenant, imports, markedBefore, cancellationToken) == imports)
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
                activity?.AddException(e, new TagList { { SaasTraces.TenantId, tenant } });
            }
        }
        return more;
    }

    // Properties rather than a positional record: Dapper matches constructors by the columns' types, which it sees as Array.
    private sealed class PendingImport
    {
        public long Id { get; init; }
        public string[] Leads { get; init; } = [];
        public string[] Deals { get; init; } = [];
    }

    /// <summary>How long a claim keeps other instances off the imports it took: long past any batch's rebuild, so that only an
    /// instance that stopped half-way leaves them to another, once it runs out. A batch that outlasts it is rebuilt twice, which
    /// changes nothing (a rebuild keeps the facts that saw more events).</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>Claims settled imports and rebuilds what they list a statement's keys per transaction, so that a report needing one
    /// of those leads waits for one statement rather than the whole batch; the imports go once all is rebuilt. The claim is a
    /// transaction of its own, committed before the rebuilds, rather than a row lock held through them: that would hold one
    /// pooled connection while each rebuild waits for another, which deadlocks once the pool is taken. A rebuild that fails gives
    /// the claim back, so the next round rebuilds again what is not up to date.</summary>
    private async Task<int> RefreshBatchAsync(Guid tenantId, int imports, DateTimeOffset markedBefore, CancellationToken cancellationToken)
    {
        _heartbeat.Beat();
        List<PendingImport> claimed;
        await using (var claim = await platform.BeginForTenantAsync(tenantId, cancellationToken))
        {
            claimed = (await claim.QueryAsync<PendingImport>("""
                update lead_facts_pending set claimed_until = now() + @claimFor
                where tenant_id = @TenantId and id in (
                    select id from lead_facts_pending
                    where tenant_id = @TenantId and marked_at <= @markedBefore and (claimed_until is null or claimed_until < now())
                    order by id limit @imports for update skip locked)
                returning id, leads, deals
                """, new { claim.TenantId, imports, markedBefore, claimFor = ClaimFor })).ToList();
            await claim.CommitAsync();
        }
        if (claimed.Count == 0)
            return 0;
        var ids = claimed.Select(c => c.Id).ToArray();
        async Task InTransactionAsync(Func<UnitOfWork, Task> write)
        {
            await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
            await write(work);
            await work.CommitAsync();
        }
        try
        {
            foreach (var leads in Keys(claimed.SelectMany(c => c.Leads)))
                await InTransactionAsync(work => RebuildAsync(work, leads, []));
            foreach (var deals in Keys(claimed.SelectMany(c => c.Deals)))
                await InTransactionAsync(work => RebuildAsync(work, [], deals));
            await InTransactionAsync(work => work.ExecuteAsync("delete from lead_facts_pending where tenant_id = @TenantId and id = any(@ids)",
                new { work.TenantId, ids }));
        }
        catch
        {
            await GiveBackAsync(tenantId, ids);
            throw;
        }
        return claimed.Count;
    }

    /// <summary>Ends the claim on <paramref name="ids"/> now, whatever the round's cancellation; when even that fails, the claim runs out.</summary>
    private async Task GiveBackAsync(Guid tenantId, long[] ids)
    {
        try
        {
            await using var work = await platform.BeginForTenantAsync(tenantId, CancellationToken.None);
            await work.ExecuteAsync("update lead_facts_pending set claimed_until = null where tenant_id = @TenantId and id = any(@ids)",
                new { work.TenantId, ids });
            await work.CommitAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogGiveBackFailed(logger, tenantId, e);
        }
    }

    /// <summary>Rebuilds, in a transaction of its own, the facts a report of <paramref name="ranges"/> reads that pending
    /// imports changed: every pending lead whose facts say it was created in one of the ranges, or whose pending
    /// <c>lead.created</c> falls in one (a lead that moves in or out of the days), and with <paramref name="withDeals"/>
    /// every pending deal whose lead, before or now, is such a lead or was created in the days. The pending rows stay for
    /// the worker, which skips what is up to date by then. Nothing is waited for but a facts row another transaction is
    /// writing.</summary>
    public static async Task CatchUpAsync(TenantDb db, IReadOnlyList<ReportRange> ranges, bool withDeals, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var starts = ranges.Select(r => r.From.ToDateTime(TimeOnly.MinValue)).ToArray();
        var ends = ranges.Select(r => r.EndExclusive.ToDateTime(TimeOnly.MinValue)).ToArray();
        var pending = await work.QuerySingleAsync<PendingImport>(PendingInRangesSql, new { work.TenantId, starts, ends, withDeals });
        await RebuildAsync(work, pending.Leads, pending.Deals);
        await work.CommitAsync();
    }

    /// <summary>The pending leads and deals a report of the ranges needs rebuilt (<see cref="CatchUpAsync"/>).</summary>
    internal const string PendingInRangesSql = """
        with days as (
            select (d.start_day at time zone t.time_zone) as start_at, (d.end_day at time zone t.time_zone) as end_at
            from unnest(@starts::timestamp[], @ends::timestamp[]) as d (start_day, end_day)
            cross join (select time_zone from tenants where id = @TenantId) t),
        listed as (
            select l.lead_id, l.created_at from lead_facts_pending p
            cross join lateral unnest(p.leads, p.created) as l (lead_id, created_at)
            where p.tenant_id = @TenantId),
        relevant as (
            select distinct l.lead_id from listed l
            left join lead_facts f on f.tenant_id = @TenantId and f.lead_id = l.lead_id
            where exists (select from days d where (l.created_at >= d.start_at and l.created_at < d.end_at)
                                                 or (f.created_at >= d.start_at and f.created_at < d.end_at))),
        -- A pending deal counts in the days when the lead it named or names now is rebuilt above or was created in them.
        deals as (
            select distinct d.deal_id from lead_facts_pending p
            cross join lateral unnest(p.deals) as d (deal_id)
            left join deal_facts df on df.tenant_id = @TenantId and df.deal_id = d.deal_id
            cross join lateral (
                select (array_agg(e.lead_id order by e.occurred_at desc, e.id desc) filter (where e.type = 'deal.won'))[1] as lead_id
                from events e where e.tenant_id = @TenantId and e.deal_id = d.deal_id) v
            where @withDeals and p.tenant_id = @TenantId
              and (df.lead_id in (select lead_id from relevant) or v.lead_id in (select lead_id from relevant)
                   or exists (select from lead_facts f join days d on f.created_at >= d.start_at and f.created_at < d.end_at
                              where f.tenant_id = @TenantId and f.lead_id in (df.lead_id, v.lead_id))))
        select coalesce((select array_agg(lead_id) from relevant), array[]::text[]) as leads,
               coalesce((select array_agg(deal_id) from deals), array[]::text[]) as deals
    """;

    /// <summary>Leads or deals one statement rebuilds at most. PostgreSQL plans the statement for the list it is given, and
    /// ten imports' leads in one statement ran past the 30 s command timeout in the ingestion benchmark (a million
    /// events), where 500 a statement rebuild them all in 83 s.</summary>
    private const int KeysPerStatement = 500;

    /// <summary>Distinct keys in order, as every rebuild takes them (so that two rebuilds waiting on each other's rows cannot
    /// deadlock), in lists of <see cref="KeysPerStatement"/>.</summary>
    private static IEnumerable<string[]> Keys(IEnumerable<string> keys) => keys.Distinct().Order(StringComparer.Ordinal).Chunk(KeysPerStatement);

    private static readonly string[] DirectChannels = LeadAttribution.DirectChannels.Select(c => c.ToLowerInvariant()).ToArray();

    internal static async Task RebuildAsync(UnitOfWork work, IEnumerable<string> leadIds, IEnumerable<string> dealIds)
    {
        foreach (var leads in Keys(leadIds))
            await work.ExecuteAsync(RebuildLeadsSql, new { work.TenantId, leads, direct = DirectChannels });
        foreach (var deals in Keys(dealIds))
            await work.ExecuteAsync(RebuildDealsSql, new { work.TenantId, deals });
    }

    private const string Touches = "e.type in ('lead.created', 'lead.touch') and e.channel is not null and e.occurred_at <= c.created_at";

    // Each lead's events are read through events_by_lead; a source is the [1:1] slice of an ordered aggregate of
    // [channel, campaign, hypothesis], so its three parts come from one touch (LeadAttribution's rule per model). The
    // creation is the lead's first lead.created, its owner the first employee such an event names.
    // Here and in the deals' rebuild, a lead's or deal's events are picked by their key alone and the type is a filter of
    // the aggregates: with the type in the WHERE clause, a partial index of the type (all of the tenant's created leads,
    // or won deals) serves the probe too, and the planner takes it when the statistics do not know the tenant's rows yet
    // (every estimate one row), scanning it again for every lead: 6 s a statement of 500 leads, for 50 000 leads.
    internal static readonly string RebuildLeadsSql = $"""
        insert into lead_facts (tenant_id, lead_id, created_at, owner, first_assignee, assignments, first_response_at, first_touch, last_touch,
            last_non_direct, reason_code, disqualified_by, mql, sal, sql, events_seen)
        select @TenantId, w.lead_id, c.created_at, c.owner, k.first_assignee, k.assignments, k.first_response_at, k.first_touch, k.last_touch,
               k.last_non_direct, k.disqualification[1][1], k.disqualification[1][2]::uuid, k.mql, k.sal, k.sql, k.events_seen
        from unnest(@leads::text[]) as w (lead_id)
        cross join lateral (
            select min(e.occurred_at) filter (where e.type = 'lead.created') as created_at,
                   (array_agg(e.employee_id order by e.occurred_at, e.id) filter (where e.type = 'lead.created' and e.employee_id is not null))[1] as owner
            from events e where e.tenant_id = @TenantId and e.lead_id = w.lead_id) c
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
                coalesce(bool_or(e.type = 'lead.sql'), false) as sql,
                count(*)::int as events_seen
            from events e where e.tenant_id = @TenantId and e.lead_id = w.lead_id) k
        -- A lead whose facts saw as many events as it has is up to date (a report or another rebuild got there first):
        -- counting them costs a fraction of rebuilding.
        where not exists (
            select from lead_facts f where f.tenant_id = @TenantId and f.lead_id = w.lead_id
              and f.events_seen = (select count(*) from events e where e.tenant_id = @TenantId and e.lead_id = w.lead_id))
        order by w.lead_id
        on conflict (tenant_id, lead_id) do update set
            created_at = excluded.created_at, owner = excluded.owner, first_assignee = excluded.first_assignee, assignments = excluded.assignments,
            first_response_at = excluded.first_response_at, first_touch = excluded.first_touch, last_touch = excluded.last_touch,
            last_non_direct = excluded.last_non_direct, reason_code = excluded.reason_code, disqualified_by = excluded.disqualified_by,
            mql = excluded.mql, sal = excluded.sal, sql = excluded.sql, events_seen = excluded.events_seen
        where lead_facts.events_seen <= excluded.events_seen
        """;

    // A deal's version in force is its latest deal.won, whichever lead that names.
    internal const string RebuildDealsSql = """
        insert into deal_facts (tenant_id, deal_id, lead_id, amount, currency, events_seen)
        select @TenantId, w.deal_id, (v.in_force).lead_id, (v.in_force).amount, (v.in_force).currency, v.events_seen
        from unnest(@deals::text[]) as w (deal_id)
        cross join lateral (
            select (array_agg(e order by e.occurred_at desc, e.id desc) filter (where e.type = 'deal.won'))[1] as in_force,
                   count(*) filter (where e.type = 'deal.won')::int as events_seen
            from events e where e.tenant_id = @TenantId and e.deal_id = w.deal_id) v
        where v.events_seen > 0 and not exists (
            select from deal_facts f where f.tenant_id = @TenantId and f.deal_id = w.deal_id and f.events_seen = v.events_seen)
        order by w.deal_id
        on conflict (tenant_id, deal_id) do update set lead_id = excluded.lead_id, amount = excluded.amount, currency = excluded.currency,
            events_seen = excluded.events_seen
        where deal_facts.events_seen <= excluded.events_seen
        """;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rebuild the lead facts of tenant {TenantId}")]
    private static partial void LogTenantRefreshFailed(ILogger logger, Guid tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give back the lead-facts imports claimed of tenant {TenantId}; they wait for the claim to run out")]
    private static partial void LogGiveBackFailed(ILogger logger, Guid tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rebuild lead facts")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
