using System.Data.Common;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Reports.DisqualificationReport;

/// <summary>A group of a range's leads: how many there are, how many of them were disqualified (non-target), and who
/// handled those: the employee who disqualified each, else its first assignee, else its owner. "" is the group of the
/// leads without the key; by reason, that is the target leads.</summary>
public sealed record NonTargetCounts(string Key, int Leads, int NonTarget, Guid[] Handlers)
{
    /// <summary>The range's leads grouped by <paramref name="grouping"/>: reason, or campaign, hypothesis or channel (the lead's
    /// source by the tenant's attribution model). PostgreSQL groups them, so a report receives a row a group rather than a
    /// month's leads. The caller catches the facts up first.</summary>
    public static async Task<List<NonTargetCounts>> ReadAsync(UnitOfWork work, ReportRange range, TenantProfile tenant, string grouping)
    {
        var key = grouping == "reason" ? "f.reason_code" : LeadFact.Source(tenant, grouping);
        // Grouped by key and handler first, so that each group's handlers come out distinct without an aggregate's DISTINCT,
        // which PostgreSQL groups by sorting the month's leads rather than by hashing.
        var sql = $"""
            select key, sum(leads)::int as leads, sum(non_target)::int as non_target,
                   coalesce(array_agg(handler) filter (where handler is not null), array[]::uuid[]) as handlers
            from (
                select coalesce({key}, '') as key,
                       case when f.reason_code is not null then coalesce(f.disqualified_by, f.first_assignee, f.owner) end as handler,
                       count(*) as leads, count(f.reason_code) as non_target
                from lead_facts f
                where {LeadFact.CreatedInRange}
                group by 1, 2) by_handler
            group by key
            """;
        return await work.StreamAsync(sql, LeadFact.InRange(work, range, tenant), FromRow).ToListAsync();
    }

    /// <summary>A row of <see cref="ReadAsync"/>'s select, by position: Dapper cannot map a <c>uuid[]</c> to a constructor.</summary>
    private static NonTargetCounts FromRow(DbDataReader row) =>
        new(row.GetString(0), row.GetInt32(1), row.GetInt32(2), row.GetFieldValue<Guid[]>(3));
}
