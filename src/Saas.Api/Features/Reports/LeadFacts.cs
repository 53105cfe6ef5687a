using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Common;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>One row per lead created in a period, with what the reports group and count by: its source by the tenant's
/// attribution model (<see cref="LeadAttribution"/>'s rule, in SQL so that a million leads stay one query), its first
/// assignee (or owner), its first response, and its disqualification. Shared by the SLA and lead-quality reports.</summary>
public sealed record LeadFact(string LeadId, DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments,
    DateTimeOffset? FirstResponse, string? Channel, string? Campaign, string? Hypothesis, Guid? EmployeeId, Guid? TeamId,
    string? ReasonCode, Guid? DisqualifiedBy, bool Mql, bool Sal, bool Sql, int DealsWon, decimal Revenue)
{
    public LeadClockFacts ClockFacts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);

    /// <summary>Stages are those the lead reached by now, and deals its deals' versions in force in
    /// the tenant's currency: a cohort view of the period's leads.</summary>
    /// <remarks><see cref="EmployeeId"/> is the lead's first assignee, else its owner, and <see cref="TeamId"/> that
    /// employee's team: whose lead it is in the funnel and disqualification reports. Who had to answer it is the SLA
    /// clock's (<see cref="ClockFacts"/>), which depends on the tenant's clock setting. PostgreSQL's JIT compilation is
    /// off for the query: it is a hundred thousand small index reads whose estimated cost sets off compiling for longer
    /// (about 0.6 s of 2.5 s measured) than it saves.</remarks>
    public static async Task<List<LeadFact>> LoadAsync(UnitOfWork work, Period period, TenantProfile tenant)
    {
        await work.ExecuteAsync("set local jit = off");
        var (zone, model, clockStart, currency) = (tenant.TimeZone, tenant.Settings.Attribution, tenant.Settings.SlaClockStart, tenant.Currency);
        var order = model switch
        {
            AttributionModel.FirstTouch => "e.occurred_at, e.id",
            AttributionModel.LastTouch => "e.occurred_at desc, e.id desc",
            _ => "lower(trim(e.channel)) = any(@direct), e.occurred_at desc, e.id desc",
        };
        // Each lead's events are aggregated in one pass, read lead by lead through events_by_lead (a LATERAL subquery)
        // rather than by joining to all of the tenant's events; the source touch's three columns come from one ordered
        // aggregate (so from the same event), and deals are read only for leads that have one.
        return (await work.QueryAsync<LeadFact>($"""
            with {LeadClockSql.Created("", "e.occurred_at >= (@start::timestamp at time zone @zone) and e.occurred_at < (@end::timestamp at time zone @zone)")},
            facts as (
                select c.lead_id, c.created_at, c.owner, k.*
                from created c cross join lateral (
                    select {LeadClockSql.Aggregates(clockStart)},
                        array_agg(array[e.channel, e.campaign, e.hypothesis] order by {order})
                            filter (where e.type in ('lead.created', 'lead.touch') and e.channel is not null and e.occurred_at <= c.created_at) as source,
                        array_agg(array[e.reason_code, e.employee_id::text] order by e.occurred_at desc, e.id desc)
                            filter (where e.type = 'lead.disqualified') as disqualification,
                        coalesce(bool_or(e.type in ('lead.mql', 'lead.sal', 'lead.sql')), false) as mql,
                        coalesce(bool_or(e.type in ('lead.sal', 'lead.sql')), false) as sal,
                        coalesce(bool_or(e.type = 'lead.sql'), false) as sql,
                        coalesce(bool_or(e.type = 'deal.won'), false) as has_deals
                    from events e where e.tenant_id = @TenantId and e.lead_id = c.lead_id) k)
            select c.lead_id, c.created_at as created, c.owner, c.first_assignee, c.assignments, c.first_response_at as first_response,
                   c.source[1][1] as channel, c.source[1][2] as campaign, c.source[1][3] as hypothesis,
                   coalesce(c.first_assignee, c.owner) as employee_id, emp.team_id,
                   c.disqualification[1][1] as reason_code, c.disqualification[1][2]::uuid as disqualified_by, c.mql, c.sal, c.sql,
                   coalesce(d.deals_won, 0) as deals_won, coalesce(d.revenue, 0) as revenue
            from facts c
            left join lateral (
                -- The version in force of each of the lead's deals is the latest of all its versions, which a CRM may
                -- have moved to another lead: the deal counts for the lead its version in force names.
                select count(*)::int as deals_won, coalesce(sum(w.amount), 0) as revenue from (
                    select distinct on (v.deal_id) v.lead_id, v.amount, v.currency from events v
                    where v.tenant_id = @TenantId and v.type = 'deal.won' and v.deal_id in (
                        select x.deal_id from events x where x.tenant_id = @TenantId and x.lead_id = c.lead_id and x.type = 'deal.won')
                    order by v.deal_id, v.occurred_at desc, v.id desc) w
                where w.lead_id = c.lead_id and w.currency = @currency and c.has_deals) d on true
            left join employees emp on emp.tenant_id = @TenantId and emp.id = coalesce(c.first_assignee, c.owner)
            order by c.created_at, c.lead_id
            """, new
        {
            work.TenantId,
            zone,
            start = period.Start.ToDateTime(TimeOnly.MinValue),
            end = period.EndExclusive.ToDateTime(TimeOnly.MinValue),
            direct = LeadAttribution.DirectChannels.Select(c => c.ToLowerInvariant()).ToArray(),
            currency,
        })).ToList();
    }
}
