using Saas.Api.Features.Sla;
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
    /// <paramref name="currency"/>: a cohort view of the period's leads.</summary>
    /// <remarks><see cref="EmployeeId"/> is the lead's first assignee, else its owner, and <see cref="TeamId"/> that
    /// employee's team: whose lead it is in the funnel and disqualification reports. Who had to answer it is the SLA
    /// clock's (<see cref="ClockFacts"/>), which depends on the tenant's clock setting.</remarks>
    public static async Task<List<LeadFact>> LoadAsync(UnitOfWork work, Period period, string zone, AttributionModel model, SlaClockStart clockStart,
        string currency)
    {
        var order = model switch
        {
            AttributionModel.FirstTouch => "t.occurred_at, t.id",
            AttributionModel.LastTouch => "t.occurred_at desc, t.id desc",
            _ => "t.direct, t.occurred_at desc, t.id desc",
        };
        return (await work.QueryAsync<LeadFact>($"""
            with bounds as (select (@start::timestamp at time zone @zone) as s, (@end::timestamp at time zone @zone) as e),
            {LeadClockSql.Created(", bounds", "e.occurred_at >= bounds.s and e.occurred_at < bounds.e")},
            touches as (
                select t.lead_id, t.channel, t.campaign, t.hypothesis, t.occurred_at, t.id,
                       lower(trim(t.channel)) = any(@direct) as direct
                from events t join created c on c.lead_id = t.lead_id
                where t.tenant_id = @TenantId and t.type in ('lead.created', 'lead.touch') and t.channel is not null and t.occurred_at <= c.created_at),
            source as (select distinct on (t.lead_id) t.lead_id, t.channel, t.campaign, t.hypothesis from touches t order by t.lead_id, {order})
            {LeadClockSql.Ctes(clockStart)},
            disqualified as (
                select distinct on (d.lead_id) d.lead_id, d.reason_code, d.employee_id from events d join created c on c.lead_id = d.lead_id
                where d.tenant_id = @TenantId and d.type = 'lead.disqualified'
                order by d.lead_id, d.occurred_at desc, d.id desc),
            stages as (
                select g.lead_id, bool_or(g.type = 'lead.mql') as mql, bool_or(g.type = 'lead.sal') as sal, bool_or(g.type = 'lead.sql') as sql
                from events g join created c on c.lead_id = g.lead_id
                where g.tenant_id = @TenantId and g.type in ('lead.mql', 'lead.sal', 'lead.sql') group by g.lead_id),
            deals as (
                select w.lead_id, count(*)::int as deals_won, sum(w.amount) as revenue from (
                    select distinct on (v.deal_id) v.deal_id, v.lead_id, v.amount, v.currency from events v join created c on c.lead_id = v.lead_id
                    where v.tenant_id = @TenantId and v.type = 'deal.won' order by v.deal_id, v.occurred_at desc, v.id desc) w
                where w.currency = @currency group by w.lead_id)
            select c.lead_id, {LeadClockSql.Columns}, s.channel, s.campaign, s.hypothesis, coalesce(fa.employee_id, c.owner) as employee_id, emp.team_id,
                   d.reason_code, d.employee_id as disqualified_by,
                   coalesce(st.mql or st.sal or st.sql, false) as mql, coalesce(st.sal or st.sql, false) as sal, coalesce(st.sql, false) as sql,
                   coalesce(dl.deals_won, 0) as deals_won, coalesce(dl.revenue, 0) as revenue
            from created c
            left join source s on s.lead_id = c.lead_id
            {LeadClockSql.Joins}
            left join disqualified d on d.lead_id = c.lead_id
            left join stages st on st.lead_id = c.lead_id
            left join deals dl on dl.lead_id = c.lead_id
            left join employees emp on emp.tenant_id = @TenantId and emp.id = coalesce(fa.employee_id, c.owner)
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
