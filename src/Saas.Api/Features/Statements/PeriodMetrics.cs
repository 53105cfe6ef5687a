using Saas.Api.Features.Actuals;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Statements;

/// <summary>The metric values of one period, per employee and for the whole tenant, computed from the stored events
/// (in the tenant's time zone) and the values CRMs posted. The one place metrics are computed: statements read it,
/// and so will the funnel report.
/// <list type="bullet">
/// <item>A lead counts for the people responsible for it: its owner (the employee on <c>lead.created</c>), whoever it was
/// assigned to (<c>lead.assigned</c>) before the period ended, and whoever an event of it names.</item>
/// <item>A deal counts in the period its version in force (the latest <c>deal.won</c> up to the period's end) was won,
/// for its closers by share and overlays in full; refunds in the period take it back.</item>
/// <item>Spend-based metrics (spend, CPL, cost per opportunity, CAC, ROMI) are the tenant's: spend is reported per
/// channel and campaign, not per person. A CRM can post them per employee instead.</item>
/// <item>Values posted with <c>POST /actuals/metrics</c> replace computed ones for that employee and period.</item>
/// </list></summary>
public sealed class PeriodMetrics
{
    public required Period Period { get; init; }
    public required IReadOnlyDictionary<Guid, MetricValues> ByEmployee { get; init; }
    public required MetricValues Tenant { get; init; }

    /// <summary>Deals credited to each employee in the period, for share components.</summary>
    public required IReadOnlyDictionary<Guid, IReadOnlyList<CreditedDeal>> Deals { get; init; }

    /// <summary>Nobody's values: a reading of no employees.</summary>
    public static PeriodMetrics Empty(Period period, MetricValues tenant) => new() { Period = period, ByEmployee = new Dictionary<Guid, MetricValues>(), Tenant = tenant, Deals = new Dictionary<Guid, IReadOnlyList<CreditedDeal>>() };

    public MetricValues For(Guid employeeId) => ByEmployee.TryGetValue(employeeId, out var values) ? values : Tenant.OnlySpendBased();

    private sealed record StageRow(Guid? EmployeeId, long Leads, long Mql, long Sal, long Sql, long Disqualified, long DisqualifiedWithReason);

    private sealed record DealRow(string DealId, DateTimeOffset OccurredAt, long Id, decimal Amount, string Currency, Guid? EmployeeId, string? Splits,
        string? Overlays, string? LeadId, string? Attributes);

    private sealed record LeadOwnerRow(string LeadId, Guid EmployeeId);

    private sealed record LeadDealRow(string LeadId, string DealId, DateTimeOffset FirstWon);

    private sealed record RefundRow(string DealId, decimal Amount);

    private sealed record AccountRow(Guid EmployeeId, long Renewed, long Churned, decimal CrossSold, long Complaints);

    private sealed record PostedRow(Guid EmployeeId, string Metric, decimal Value);

    private const string Bounds = """
        bounds as (select (@start::timestamp at time zone @zone) as s, (@end::timestamp at time zone @zone) as e)
        """;

    public static async Task<PeriodMetrics> ComputeAsync(UnitOfWork work, Period period, string zone, TenantSettings settings, string currency,
        DateTimeOffset now)
    {
        await PlanForTheArraysGivenAsync(work);
        return await ComputeAsync(work, period, zone, settings, currency, now, scope: null);
    }

    /// <summary>The rest of the transaction plans each statement for the arrays it is given (of leads, deals, employees): a generic
    /// plan (statements are prepared) knows neither how many there are nor their values, and tests each row against the whole
    /// array in turn where a custom plan hashes it (seconds, for a team's leads).</summary>
    private static Task PlanForTheArraysGivenAsync(UnitOfWork work) => work.ExecuteAsync("set local plan_cache_mode = force_custom_plan");

    /// <summary>The values and credited deals of <paramref name="employees"/> alone, equal to what <see cref="ComputeAsync(UnitOfWork, Period,
    /// string, TenantSettings, string, DateTimeOffset)"/> gives each of them, read from only the leads, deals and events that can count
    /// for them: milliseconds for one employee where the tenant's month takes seconds. The tenant's values (team components, the
    /// spend every employee shares) are not read: they are <paramref name="tenant"/>, a whole reading's. Null when more than
    /// <see cref="MaxNarrowedLeads"/> leads can count for them: narrowing would then approach what the tenant's reading costs.</summary>
    public static async Task<PeriodMetrics?> ComputeForAsync(UnitOfWork work, Period period, string zone, TenantSettings settings, string currency,
        DateTimeOffset now, IReadOnlyCollection<Guid> employees, MetricValues tenant)
    {
        var only = employees.Distinct().ToArray();
        await PlanForTheArraysGivenAsync(work);
        // Every lead an employee can be credited with names them on one of these events (as owner, assignee or on a stage event),
        // and so does every lead whose first response they had to give; and it has an event in the period (a stage, its creation,
        // or a deal won), which leaves out the leads of earlier months.
        var leads = (await work.QueryAsync<string>($"""
            with {Bounds}
            select distinct c.lead_id from events c, bounds
            where c.tenant_id = @TenantId and c.employee_id = any(@only) and c.lead_id is not null
              and c.type in ('lead.created', 'lead.assigned', 'lead.mql', 'lead.sal', 'lead.sql', 'lead.disqualified')
              and exists (select from events p
                          where p.tenant_id = @TenantId and p.lead_id = c.lead_id and p.occurred_at >= bounds.s and p.occurred_at < bounds.e)
            limit @over
            """, new
        {
            work.TenantId,
            only,
            zone,
            start = period.Start.ToDateTime(TimeOnly.MinValue),
            end = period.EndExclusive.ToDateTime(TimeOnly.MinValue),
            over = MaxNarrowedLeads + 1,
        })).ToArray();
        return leads.Length > MaxNarrowedLeads ? null : await ComputeAsync(work, period, zone, settings, currency, now, new Scope(only, leads, tenant));
    }

    /// <summary>Leads beyond which <see cref="ComputeForAsync"/> does not narrow: the progress benchmark's team of 200 sales managers has
    /// 24 831 (of the month's 514 530), 1.5 s to read while 1 000 events a second arrive, against 13 s for the tenant's month.</summary>
    public const int MaxNarrowedLeads = 50_000;

    /// <summary>Where a reading of the events started: the last event id it could see.</summary>
    public sealed record Watermark(long EventId)
    {
        public static async Task<Watermark> NowAsync(UnitOfWork work) =>
            new(await work.QuerySingleAsync<long>("select coalesce(max(id), 0) from events where tenant_id = @TenantId", new { work.TenantId }));
    }

    /// <summary>Those of <paramref name="among"/> whose values in a period events after <paramref name="since"/> can have changed: everyone an
    /// event of a lead or deal such an event touches names (its employee, splits and overlays; the leads of those deals' versions
    /// included), and whoever such an event names itself. Every metric and credited deal of an employee comes from events of leads and
    /// deals that name them, or from events naming them (<see cref="ComputeAsync(UnitOfWork, Period, string, TenantSettings, string,
    /// DateTimeOffset)"/>); values posted since, the tenant's values and clawbacks are not considered. Null when more than
    /// <paramref name="atMostEvents"/> events came after <paramref name="since"/>: telling whom they touch would cost as much as reading
    /// everyone.</summary>
    public static async Task<IReadOnlyList<Guid>?> TouchedSinceAsync(UnitOfWork work, Watermark since, IReadOnlyCollection<Guid> among, int atMostEvents)
    {
        if (await work.QuerySingleAsync<int>("select count(*)::int from (select from events where tenant_id = @TenantId and id > @after limit @over) newer",
                new { work.TenantId, after = since.EventId, over = atMostEvents + 1 }) > atMostEvents)
            return null;
        await work.ExecuteAsync("set local plan_cache_mode = force_custom_plan");
        return (await work.QueryAsync<Guid>("""
            with new as materialized (
                select lead_id, deal_id, employee_id, splits, overlays from events where tenant_id = @TenantId and id > @after),
            leads as materialized (
                select lead_id from new where lead_id is not null
                union
                select d.lead_id from events d
                where d.tenant_id = @TenantId and d.deal_id = any(array(select deal_id from new where deal_id is not null)) and d.lead_id is not null),
            involved as (
                select e.employee_id, e.splits, e.overlays from events e where e.tenant_id = @TenantId and e.lead_id = any(array(select lead_id from leads))
                union all
                select e.employee_id, e.splits, e.overlays from events e
                where e.tenant_id = @TenantId and e.deal_id = any(array(select deal_id from new where deal_id is not null))
                union all
                select employee_id, splits, overlays from new)
            select distinct named.id from involved, unnest(array[employee_id] || deal_credited_employees(splits, overlays)) as named(id)
            where named.id = any(@among)
            """, new { work.TenantId, after = since.EventId, among = among.ToArray() })).ToList();
    }

    /// <summary>What a reading is narrowed to: these employees, and the leads that can count for them (<see cref="ComputeForAsync"/>).</summary>
    private sealed record Scope(Guid[] Employees, string[] Leads, MetricValues Tenant);

    private static async Task<PeriodMetrics> ComputeAsync(UnitOfWork work, Period period, string zone, TenantSettings settings, string currency,
        DateTimeOffset now, Scope? scope)
    {
        var parameters = new
        {
            work.TenantId,
            zone,
            start = period.Start.ToDateTime(TimeOnly.MinValue),
            end = period.EndExclusive.ToDateTime(TimeOnly.MinValue),
            currency,
            only = scope?.Employees ?? [],
            leads = scope?.Leads ?? [],
        };
        var calendar = settings.CalendarIn(zone);
        var counts = new Dictionary<Guid, Dictionary<string, decimal>>();
        Dictionary<string, decimal> Of(Guid employee) =>
            counts.TryGetValue(employee, out var values) ? values : counts[employee] = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var tenant = new Dictionary<string, decimal>(StringComparer.Ordinal);

        // Lead stages: per responsible employee, and once per lead for the tenant. Narrowed, only the few leads' stage events are
        // read, through their index, where the tenant's reading scans the month. Each lead's stages are folded into one row, and one
        // per employee its events name, before they are credited: counting distinct leads per stage instead sorted every stage
        // event of the month several times over. Who is responsible for a lead (its owner and assignees up to the period's end) is
        // looked up lead by lead in events_lead_responsible, a lateral probe rather than a join the planner chooses: with a new
        // tenant's rows not yet in the statistics every estimate is one row, and a join of the leads with their owners became a
        // nested loop over both (10 minutes for 50 000 leads).
        var stageEvents = scope is null ? "e.lead_id is not null" : "e.lead_id = any(@leads)";
        // reached: the stages a lead reached in the period (whole_lead), and those its events naming an employee reached. An
        // employee is credited with all of a lead's stages when responsible for it, and with those of the events naming them.
        var stages = await work.QueryAsync<StageRow>($"""
            with {Bounds},
            stages as (
                select e.lead_id, e.type, e.employee_id, e.reason_code from events e, bounds
                where e.tenant_id = @TenantId and {stageEvents} and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                  and e.type in ('lead.created', 'lead.mql', 'lead.sal', 'lead.sql', 'lead.disqualified')),
            reached as (
                select lead_id, employee_id, grouping(employee_id) = 1 as whole_lead,
                       bool_or(type = 'lead.created') as created, bool_or(type = 'lead.mql') as mql, bool_or(type = 'lead.sal') as sal,
                       bool_or(type = 'lead.sql') as sql, bool_or(type = 'lead.disqualified') as disqualified,
                       bool_or(type = 'lead.disqualified' and reason_code is not null) as disqualified_with_reason
                from stages group by grouping sets ((lead_id), (lead_id, employee_id))),
            credited as (
                select r.employee_id, l.lead_id, l.created, l.mql, l.sal, l.sql, l.disqualified, l.disqualified_with_reason
                from reached l, bounds,
                     lateral (select e.employee_id from events e
                              where e.tenant_id = @TenantId and e.lead_id = l.lead_id and e.type in ('lead.created', 'lead.assigned')
                                and e.employee_id is not null and e.occurred_at < bounds.e) r
                where l.whole_lead
                union all
                select employee_id, lead_id, created, mql, sal, sql, disqualified, disqualified_with_reason from reached
                where not whole_lead and employee_id is not null),
            per_employee as (
                select employee_id, lead_id, bool_or(created) as created, bool_or(mql) as mql, bool_or(sal) as sal, bool_or(sql) as sql,
                       bool_or(disqualified) as disqualified, bool_or(disqualified_with_reason) as disqualified_with_reason
                from credited group by employee_id, lead_id)
            select employee_id, count(*) filter (where created) as leads, count(*) filter (where mql) as mql, count(*) filter (where sal) as sal,
                   count(*) filter (where sql) as sql, count(*) filter (where disqualified) as disqualified,
                   count(*) filter (where disqualified_with_reason) as disqualified_with_reason
            from per_employee group by employee_id
            union all
            select null, count(*) filter (where created), count(*) filter (where mql), count(*) filter (where sal), count(*) filter (where sql),
                   count(*) filter (where disqualified), count(*) filter (where disqualified_with_reason)
            from reached where whole_lead
            """, parameters);
        foreach (var row in stages)
        {
            var target = row.EmployeeId is { } employee ? Of(employee) : tenant;
            target[MetricKeys.Leads] = row.Leads;
            target[MetricKeys.Mql] = row.Mql;
            target[MetricKeys.Sal] = row.Sal;
            target[MetricKeys.Sql] = row.Sql;
            target[Disqualified] = row.Disqualified;
            target[DisqualifiedWithReason] = row.DisqualifiedWithReason;
        }

        // Deals: the version in force at the period's end, won in the period; refunds in the period take them back. The version
        // that counts is won in the period, so narrowed, the deals are those with a version won in the period that names one of the
        // employees (closer, split or overlay) or comes from a lead that can be theirs (its owner's credit).
        var narrowedDeals = scope is null ? "" : """
            counted as (
                select e.deal_id from events e, bounds
                where e.tenant_id = @TenantId and e.employee_id = any(@only) and e.type = 'deal.won' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                union
                select e.deal_id from events e, bounds
                where e.tenant_id = @TenantId and e.lead_id = any(@leads) and e.type = 'deal.won' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                union
                select e.deal_id from events e, bounds
                where e.tenant_id = @TenantId and e.type = 'deal.won' and (e.splits is not null or e.overlays is not null)
                  and deal_credited_employees(e.splits, e.overlays) && @only and e.occurred_at >= bounds.s and e.occurred_at < bounds.e),
            """;
        var deals = (await work.QueryAsync<DealRow>($"""
            with {Bounds},
            {narrowedDeals}
            current as (
                select distinct on (e.deal_id) e.deal_id, e.occurred_at, e.id, e.amount, e.currency, e.employee_id, e.splits, e.overlays, e.lead_id,
                    e.attributes
                from events e, bounds
                where e.tenant_id = @TenantId and e.type = 'deal.won' and e.occurred_at < bounds.e
                  {(scope is null ? "" : "and e.deal_id = any(array(select deal_id from counted))")}
                order by e.deal_id, e.occurred_at desc, e.id desc)
            select c.deal_id, c.occurred_at, c.id, c.amount, c.currency, c.employee_id, c.splits::text as splits, c.overlays::text as overlays,
                   c.lead_id, c.attributes::text as attributes
            from current c, bounds
            where c.occurred_at >= bounds.s
            """, parameters)).ToList();
        // Whose lead each deal came from (its owner's credit), and whether its customer is new (no other deal of the lead won
        // before it): looked up once for all the deals' leads and matched here. Asked deal by deal in the statement above, each
        // lookup went through whichever index the planner chose; before the statistics knew a new tenant's rows, one over all
        // its created leads or won deals, scanned again for every deal (100 s for 7 500 deals of 50 000 leads).
        var dealLeads = deals.Where(d => d.LeadId is not null).Select(d => d.LeadId!).Distinct(StringComparer.Ordinal).ToArray();
        var owners = (await work.QueryAsync<LeadOwnerRow>("""
            select distinct on (lead_id) lead_id, employee_id from events
            where tenant_id = @TenantId and type = 'lead.created' and lead_id = any(@dealLeads) and employee_id is not null
            order by lead_id, occurred_at, id
            """, new { work.TenantId, dealLeads })).ToDictionary(o => o.LeadId, o => o.EmployeeId, StringComparer.Ordinal);
        var dealsOfLeads = (await work.QueryAsync<LeadDealRow>("""
            select lead_id, deal_id, min(occurred_at) as first_won from events
            where tenant_id = @TenantId and type = 'deal.won' and lead_id = any(@dealLeads)
            group by lead_id, deal_id
            """, new { work.TenantId, dealLeads })).ToLookup(d => d.LeadId, StringComparer.Ordinal);
        Guid? OwnerOf(DealRow deal) => deal.LeadId is not null && owners.TryGetValue(deal.LeadId, out var owner) ? owner : null;
        bool IsNew(DealRow deal) =>
            deal.LeadId is null || !dealsOfLeads[deal.LeadId].Any(other => other.DealId != deal.DealId && other.FirstWon < deal.OccurredAt);
        var refunds = (await work.QueryAsync<RefundRow>($"""
            with {Bounds}
            select e.deal_id, e.amount from events e, bounds
            where e.tenant_id = @TenantId and e.type = 'deal.refunded' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
            """, parameters)).ToList();
        var refundedVersions = refunds.Count == 0 ? [] : (await work.QueryAsync<DealRow>("""
            select distinct on (e.deal_id) e.deal_id, e.occurred_at, e.id, e.amount, e.currency, e.employee_id, e.splits::text as splits,
                   e.overlays::text as overlays, e.lead_id, null::text as attributes
            from events e
            where e.tenant_id = @TenantId and e.type = 'deal.won' and e.deal_id = any(@dealIds)
            order by e.deal_id, e.occurred_at desc, e.id desc
            """, new { work.TenantId, dealIds = refunds.Select(r => r.DealId).Distinct().ToArray() })).ToDictionary(d => d.DealId);

        // A deal refunded in the period it was won pays commission only on what was kept.
        var refundedNow = refunds.GroupBy(r => r.DealId).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        var credited = new Dictionary<Guid, List<CreditedDeal>>();
        foreach (var deal in deals.Where(d => d.Currency.Trim() == currency))
        {
            var kept = deal.Amount - refundedNow.GetValueOrDefault(deal.DealId);
            var isNew = IsNew(deal);
            Add(tenant, MetricKeys.DealsWon, 1m);
            Add(tenant, MetricKeys.Revenue, deal.Amount);
            if (isNew)
                Add(tenant, MetricKeys.NewCustomers, 1m);
            foreach (var credit in DealCredits.For(ToVersion(deal), OwnerOf(deal)))
            {
                var values = Of(credit.EmployeeId);
                if (credit.Role == DealRole.Closed)
                {
                    Add(values, MetricKeys.DealsWon, credit.Share);
                    Add(values, MetricKeys.Revenue, deal.Amount * credit.Share);
                    if (isNew)
                        Add(values, MetricKeys.NewCustomers, credit.Share);
                }
                if (kept <= 0)
                    continue;
                if (!credited.TryGetValue(credit.EmployeeId, out var list))
                    credited[credit.EmployeeId] = list = [];
                list.Add(new CreditedDeal
                {
                    DealId = deal.DealId,
                    Role = credit.Role,
                    Revenue = kept,
                    Share = credit.Share,
                    ClosedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(deal.OccurredAt, calendar.Zone).DateTime),
                    Attributes = StoredDeals.Attributes(deal.Attributes),
                });
            }
        }
        foreach (var refund in refunds)
        {
            if (!refundedVersions.TryGetValue(refund.DealId, out var version) || version.Currency.Trim() != currency)
                continue;
            var share = version.Amount == 0 ? 0m : Math.Min(1m, refund.Amount / version.Amount);
            Add(tenant, MetricKeys.DealsWon, -share);
            Add(tenant, MetricKeys.Revenue, -refund.Amount);
            foreach (var credit in DealCredits.For(ToVersion(version), null).Where(c => c.Role == DealRole.Closed))
            {
                Add(Of(credit.EmployeeId), MetricKeys.DealsWon, -share * credit.Share);
                Add(Of(credit.EmployeeId), MetricKeys.Revenue, -refund.Amount * credit.Share);
            }
        }

        // Accounts and complaints, by the employee the event names.
        var accounts = await work.QueryAsync<AccountRow>($"""
            with {Bounds}
            select e.employee_id,
                   count(*) filter (where e.type = 'account.renewed') as renewed,
                   count(*) filter (where e.type = 'account.churned') as churned,
                   coalesce(sum(e.amount) filter (where e.type = 'account.cross_sold' and e.currency = @currency), 0) as cross_sold,
                   count(*) filter (where e.type = 'complaint.registered') as complaints
            from events e, bounds
            where e.tenant_id = @TenantId and e.employee_id is not null and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
              and e.type in ('account.renewed', 'account.churned', 'account.cross_sold', 'complaint.registered')
              {(scope is null ? "" : "and e.employee_id = any(@only)")}
            group by e.employee_id
            """, parameters);
        foreach (var row in accounts)
        {
            var values = Of(row.EmployeeId);
            values[MetricKeys.Renewals] = row.Renewed;
            values[Churned] = row.Churned;
            values[MetricKeys.CrossSellRevenue] = row.CrossSold;
            values[MetricKeys.ComplaintsRegistered] = row.Complaints;
            Add(tenant, MetricKeys.Renewals, row.Renewed);
            Add(tenant, Churned, row.Churned);
            Add(tenant, MetricKeys.CrossSellRevenue, row.CrossSold);
            Add(tenant, MetricKeys.ComplaintsRegistered, row.Complaints);
        }

        // First response within the SLA, in working time: leads created in the period, credited to the employee who had
        // to answer (SlaClock's rule, the same as the SLA reports'). One row per lead of the period, folded in as they arrive
        // rather than held: a month can hold hundreds of thousands. Narrowed, each lead's clock is probed through its index; the
        // tenant's month joins them by hashing, which the planner would not choose for a new tenant whose rows the statistics do
        // not know yet (every estimate one row: a nested loop over both, minutes for 50 000 leads), so nested loops are off for it.
        var responsesSql = $"""
            with {Bounds},
            {LeadClockSql.Created(", bounds", "e.occurred_at >= bounds.s and e.occurred_at < bounds.e" + (scope is null ? "" : " and e.lead_id = any(@leads)"))}
            {(scope is null ? LeadClockSql.Ctes(settings.SlaClockStart) : "")}
            select {LeadClockSql.Columns}
            from created c
            {(scope is null ? LeadClockSql.Joins : LeadClockSql.Probed(settings.SlaClockStart))}
            """;
        var responses = scope is null ? work.StreamHashJoinedAsync<ClockRow>(responsesSql, parameters) : work.StreamAsync<ClockRow>(responsesSql, parameters);
        var minutes = new Dictionary<Guid, List<decimal>>();
        await foreach (var lead in responses)
        {
            // A lead without a clock yet, or not answered and not yet due, is neither in time nor late.
            if (SlaClock.Of(lead.Facts, settings.SlaClockStart, calendar, settings.FirstResponseSlaMinutes) is not { } clock
                || clock.InTime(now) is not { } answeredInTime)
                continue;
            var inTime = answeredInTime ? 1m : 0m;
            Add(tenant, DueLeads, 1m);
            Add(tenant, AnsweredInTime, inTime);
            if (clock.Responsible is { } employee)
            {
                Add(Of(employee), DueLeads, 1m);
                Add(Of(employee), AnsweredInTime, inTime);
                if (clock.FirstResponse is { } answeredAt)
                {
                    if (!minutes.TryGetValue(employee, out var list))
                        minutes[employee] = list = [];
                    list.Add((decimal)calendar.WorkingTimeBetween(clock.Start, answeredAt).TotalMinutes);
                }
            }
        }
        foreach (var (employee, list) in minutes)
            Of(employee)[MetricKeys.FirstResponseMinutesMedian] = Median(list);

        // Narrowed, the counts of everyone else are partial (only the leads and deals that also count for the employees asked
        // about were read), and the tenant's are the whole reading's.
        MetricValues tenantValues;
        if (scope is null)
        {
            tenant[MetricKeys.Spend] = await work.QuerySingleAsync<decimal>("""
                select coalesce(sum(amount), 0) from spend where tenant_id = @TenantId and currency = @currency and date >= @startDate and date < @endDate
                """, new { work.TenantId, currency, startDate = period.Start, endDate = period.EndExclusive });
            tenantValues = Derive(tenant, null);
        }
        else
        {
            tenantValues = scope.Tenant;
            foreach (var other in counts.Keys.Except(scope.Employees).ToList())
                counts.Remove(other);
            foreach (var other in credited.Keys.Except(scope.Employees).ToList())
                credited.Remove(other);
        }
        var byEmployee = counts.ToDictionary(pair => pair.Key, pair => Derive(pair.Value, tenantValues));

        await LayPostedAsync(work, period, scope?.Employees, byEmployee, tenantValues);

        return new PeriodMetrics
        {
            Period = period,
            ByEmployee = byEmployee,
            Tenant = tenantValues,
            Deals = credited.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<CreditedDeal>)pair.Value),
        };
    }

    /// <summary>Values a CRM posted (of <paramref name="employees"/>, or everyone's) replace computed ones in <paramref name="byEmployee"/>. Posted
    /// values are replaced by later posts, never removed, so laying today's over an earlier reading's values gives what a reading today would.</summary>
    private static async Task LayPostedAsync(UnitOfWork work, Period period, Guid[]? employees, Dictionary<Guid, MetricValues> byEmployee, MetricValues tenant)
    {
        var posted = await work.QueryAsync<PostedRow>($"""
            select employee_id, metric, value from metric_values where tenant_id = @TenantId and period = @period
              {(employees is null ? "" : "and employee_id = any(@employees)")}
            """, new { work.TenantId, period = period.ToString(), employees = employees ?? [] });
        foreach (var group in posted.GroupBy(p => p.EmployeeId))
        {
            var merged = byEmployee.TryGetValue(group.Key, out var computed) ? computed.ToDictionary(StringComparer.Ordinal) : tenant.OnlySpendBased().ToDictionary(StringComparer.Ordinal);
            foreach (var value in group)
                merged[value.Metric] = value.Value;
            byEmployee[group.Key] = new MetricValues(merged);
        }
    }

    /// <summary><paramref name="metrics"/> (a reading of <paramref name="employees"/>, or a part of it) with the values posted for them now.</summary>
    public static async Task<PeriodMetrics> WithPostedAsync(UnitOfWork work, PeriodMetrics metrics, IReadOnlyCollection<Guid> employees)
    {
        var byEmployee = metrics.ByEmployee.ToDictionary();
        await LayPostedAsync(work, metrics.Period, [.. employees], byEmployee, metrics.Tenant);
        return new PeriodMetrics { Period = metrics.Period, ByEmployee = byEmployee, Tenant = metrics.Tenant, Deals = metrics.Deals };
    }

    // Intermediate counts that derived metrics divide; not catalogue metrics themselves.
    private const string Disqualified = "_disqualified";
    private const string DisqualifiedWithReason = "_disqualified_with_reason";
    private const string Churned = "_churned";
    private const string DueLeads = "_due_leads";
    private const string AnsweredInTime = "_answered_in_time";

    /// <summary>Counts and sums into catalogue metrics: ratios from their numerator and denominator (absent when the
    /// denominator is zero: no data, not zero), spend-based metrics from the tenant's spend.</summary>
    private static MetricValues Derive(Dictionary<string, decimal> raw, MetricValues? tenant)
    {
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var key in new[] { MetricKeys.Leads, MetricKeys.Mql, MetricKeys.Sal, MetricKeys.Sql, MetricKeys.DealsWon, MetricKeys.Revenue,
                     MetricKeys.NewCustomers, MetricKeys.Renewals, MetricKeys.CrossSellRevenue, MetricKeys.ComplaintsRegistered, MetricKeys.FirstResponseMinutesMedian })
            values[key] = raw.GetValueOrDefault(key);
        if (!raw.ContainsKey(MetricKeys.FirstResponseMinutesMedian))
            values.Remove(MetricKeys.FirstResponseMinutesMedian);

        foreach (var definition in MetricCatalogue.All.Where(d => d.Numerator is not null && d.Denominator is not null && !d.UsesSpend && d.Numerator != MetricKeys.Spend))
            if (values.GetValueOrDefault(definition.Denominator!) is var denominator && denominator > 0)
                values[definition.Key] = values.GetValueOrDefault(definition.Numerator!) / denominator;

        var disqualified = raw.GetValueOrDefault(Disqualified);
        values[MetricKeys.DisqualificationReasonCoverage] = disqualified == 0 ? 1m : raw.GetValueOrDefault(DisqualifiedWithReason) / disqualified;
        if (values[MetricKeys.Leads] > 0)
            values[MetricKeys.NonTargetShare] = disqualified / values[MetricKeys.Leads];
        var due = raw.GetValueOrDefault(DueLeads);
        if (due > 0)
            values[MetricKeys.FirstResponseCompliance] = raw.GetValueOrDefault(AnsweredInTime) / due;
        var cameUp = values[MetricKeys.Renewals] + raw.GetValueOrDefault(Churned);
        if (cameUp > 0)
        {
            values[MetricKeys.RenewalRate] = values[MetricKeys.Renewals] / cameUp;
            values[MetricKeys.ChurnRate] = raw.GetValueOrDefault(Churned) / cameUp;
        }

        // Employees share the tenant's spend-based values; the tenant computes them from its spend.
        if (tenant is not null)
        {
            foreach (var (key, value) in tenant.OnlySpendBased())
                values[key] = value;
            return new MetricValues(values);
        }
        var spend = raw.GetValueOrDefault(MetricKeys.Spend);
        values[MetricKeys.Spend] = spend;
        if (values[MetricKeys.Leads] > 0)
            values[MetricKeys.Cpl] = spend / values[MetricKeys.Leads];
        if (values[MetricKeys.Sql] > 0)
            values[MetricKeys.CostPerOpportunity] = spend / values[MetricKeys.Sql];
        if (values[MetricKeys.NewCustomers] > 0)
            values[MetricKeys.Cac] = spend / values[MetricKeys.NewCustomers];
        if (spend > 0)
            values[MetricKeys.Romi] = (values[MetricKeys.Revenue] - spend) / spend;
        return new MetricValues(values);
    }

    private static void Add(Dictionary<string, decimal> values, string key, decimal amount) => values[key] = values.GetValueOrDefault(key) + amount;

    private static decimal Median(List<decimal> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static DealVersion ToVersion(DealRow deal) =>
        StoredDeals.Version(deal.DealId, deal.OccurredAt, deal.Id, deal.Amount, deal.Currency, deal.EmployeeId, deal.Splits, deal.Overlays);
}

public static class SpendBasedMetrics
{
    private static readonly HashSet<string> Keys = [MetricKeys.Spend, MetricKeys.Cpl, MetricKeys.CostPerOpportunity, MetricKeys.Cac, MetricKeys.Romi];

    /// <summary>The tenant's spend-based values, which every employee shares.</summary>
    public static MetricValues OnlySpendBased(this MetricValues values) => new(values.Where(pair => Keys.Contains(pair.Key)));
}
