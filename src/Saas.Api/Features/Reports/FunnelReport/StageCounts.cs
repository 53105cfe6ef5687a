using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Reports.FunnelReport;

/// <summary>A group of a range's leads: how many there are, how many reached each stage by now, and their deals won (the
/// versions in force, in the tenant's currency) with the revenue. "" is the group of the leads without the key.</summary>
public sealed record StageCounts(string Key, int Leads, int Mql, int Sal, int Sql, int DealsWon, decimal Revenue)
{
    /// <summary>The range's leads grouped by <paramref name="grouping"/>: channel, campaign or hypothesis (the lead's source by the
    /// tenant's attribution model), or employee (its first assignee, else its owner). PostgreSQL groups them, so a report
    /// receives a row a group rather than a month's leads. The caller catches the facts up first, with their deals.</summary>
    public static async Task<List<StageCounts>> ReadAsync(UnitOfWork work, ReportRange range, TenantProfile tenant, string grouping)
    {
        var key = grouping == "employee" ? "coalesce(f.first_assignee, f.owner)::text" : LeadFact.Source(tenant, grouping);
        // Joined by hashing (StreamHashJoinedAsync): in a nested loop, which one-row estimates for a new tenant chose, the
        // tenant's deals were aggregated again for each lead (86 s for 50 000 leads with 5 000 deals).
        var sql = $"""
            select coalesce({key}, '') as key, count(*)::int as leads,
                   (count(*) filter (where f.mql))::int as mql, (count(*) filter (where f.sal))::int as sal,
                   (count(*) filter (where f.sql))::int as sql,
                   coalesce(sum(d.deals_won), 0)::int as deals_won, coalesce(sum(d.revenue), 0) as revenue
            from lead_facts f
            left join (
                select lead_id, count(*) as deals_won, sum(amount) as revenue from deal_facts
                where tenant_id = @TenantId and lead_id is not null and currency = @currency
                group by lead_id) d on d.lead_id = f.lead_id
            where {LeadFact.CreatedInRange}
            group by 1
            """;
        return await work.StreamHashJoinedAsync<StageCounts>(sql, LeadFact.InRange(work, range, tenant, new { currency = tenant.Currency })).ToListAsync();
    }
}
