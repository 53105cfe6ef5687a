using System.Data.Common;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>One row per lead created in a period, with what the reports group and count by: its source by the tenant's
/// attribution model (<see cref="LeadAttribution"/>'s rule, kept for every model in <c>lead_facts</c>), its first
/// assignee (or owner), its first response, and its disqualification. Shared by the SLA and lead-quality reports.</summary>
public sealed record LeadFact(string LeadId, DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments,
    DateTimeOffset? FirstResponse, string? Channel, string? Campaign, string? Hypothesis, Guid? EmployeeId,
    string? ReasonCode, Guid? DisqualifiedBy, bool Mql, bool Sal, bool Sql, int DealsWon, decimal Revenue)
{
    public LeadClockFacts ClockFacts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);

    /// <summary>Stages are those the lead reached by now, and deals its deals' versions in force in the tenant's
    /// currency: a cohort view of the period's leads, read from <c>lead_facts</c> and <c>deal_facts</c> (rebuilt from the
    /// events by <see cref="LeadFactsRefresher"/>; the caller catches up first). A lead belongs to the period of its first
    /// <c>lead.created</c>.</summary>
    /// <remarks><see cref="EmployeeId"/> is the lead's first assignee, else its owner: whose lead it is in the funnel and
    /// disqualification reports. Who had to answer it is the SLA clock's (<see cref="ClockFacts"/>), which depends on the
    /// tenant's clock setting. Deals are read only <c>withDeals</c> (the funnel); without, <see cref="DealsWon"/> and
    /// <see cref="Revenue"/> are 0.
    /// The leads come in no particular order and are meant to be folded into the report's groups as they arrive: a month
    /// can hold hundreds of thousands, and a report that held them all at once made the API's memory grow with its
    /// tenants' months (issue 9's soak). The unit of work runs no other command until the enumeration ends.</remarks>
    public static IAsyncEnumerable<LeadFact> ReadAsync(UnitOfWork work, ReportRange range, TenantProfile tenant, bool withDeals = false) =>
        Read(work, range, tenant, withDeals, after: null, limit: null);

    /// <summary>At most <paramref name="limit"/> of the range's leads after <paramref name="after"/>, in the order of creation
    /// then lead id (byte order), without deals: a list that pages through the leads reads a chunk at a time, through
    /// <c>lead_facts_by_creation</c>, and stops when it has its page, rather than holding and sorting a year's.</summary>
    public static IAsyncEnumerable<LeadFact> ReadInOrderAsync(UnitOfWork work, ReportRange range, TenantProfile tenant,
        (DateTimeOffset Created, string LeadId)? after, int limit) =>
        Read(work, range, tenant, withDeals: false, after, limit);

    // Joined by hashing (StreamHashJoinedAsync): in a nested loop, which one-row estimates for a new tenant chose, the tenant's
    // deals were aggregated again for each lead (86 s for 50 000 leads with 5 000 deals).
    private const string Deals = """
        left join (
            select lead_id, count(*)::int as deals_won, sum(amount) as revenue from deal_facts
            where tenant_id = @TenantId and lead_id is not null and currency = @currency
            group by lead_id) d on d.lead_id = f.lead_id
        """;

    private static IAsyncEnumerable<LeadFact> Read(UnitOfWork work, ReportRange range, TenantProfile tenant, bool withDeals,
        (DateTimeOffset Created, string LeadId)? after, int? limit)
    {
        // Each source is kept as a [1:1] slice of [channel, campaign, hypothesis].
        var source = tenant.Settings.Attribution switch
        {
            AttributionModel.FirstTouch => "f.first_touch",
            AttributionModel.LastTouch => "f.last_touch",
            _ => "f.last_non_direct",
        };
        var inOrder = limit is null ? "" : """
            and (@afterCreated::timestamptz is null or f.created_at >= @afterCreated)
            and (@afterCreated::timestamptz is null or (f.created_at, f.lead_id collate "C") > (@afterCreated, @afterLead collate "C"))
            order by f.created_at, f.lead_id collate "C"
            limit @limit
            """;
        // FromRow reads these columns by position: a column added or moved here is added or moved there.
        var sql = $"""
            select f.lead_id, f.created_at as created, f.owner, f.first_assignee,
                   case when @assigned then f.assignments end as assignments, f.first_response_at as first_response,
                   {source}[1][1] as channel, {source}[1][2] as campaign, {source}[1][3] as hypothesis,
                   coalesce(f.first_assignee, f.owner) as employee_id,
                   f.reason_code, f.disqualified_by, f.mql, f.sal, f.sql,
                   {(withDeals ? "coalesce(d.deals_won, 0) as deals_won, coalesce(d.revenue, 0) as revenue" : "0 as deals_won, 0::numeric as revenue")}
            from lead_facts f
            {(withDeals ? Deals : "")}
            where f.tenant_id = @TenantId
              and f.created_at >= (@start::timestamp at time zone @zone) and f.created_at < (@end::timestamp at time zone @zone)
            {inOrder}
            """;
        var parameters = new
        {
            work.TenantId,
            zone = tenant.TimeZone,
            start = range.From.ToDateTime(TimeOnly.MinValue),
            end = range.EndExclusive.ToDateTime(TimeOnly.MinValue),
            assigned = tenant.Settings.SlaClockStart == SlaClockStart.LeadAssigned,
            currency = tenant.Currency,
            afterCreated = after?.Created,
            afterLead = after?.LeadId,
            limit,
        };
        return withDeals ? work.StreamHashJoinedAsync(sql, parameters, FromRow) : work.StreamAsync(sql, parameters, FromRow);
    }

    /// <summary>A row of <see cref="Read"/>'s select, by position. Not Dapper's parser: it boxes each value, and a report reads a
    /// month's leads.</summary>
    private static LeadFact FromRow(DbDataReader row) => new(
        row.GetString(0), row.GetFieldValue<DateTimeOffset>(1), row.ValueOrNull<Guid>(2), row.ValueOrNull<Guid>(3), row.TextOrNull(4),
        row.ValueOrNull<DateTimeOffset>(5), row.TextOrNull(6), row.TextOrNull(7), row.TextOrNull(8), row.ValueOrNull<Guid>(9),
        row.TextOrNull(10), row.ValueOrNull<Guid>(11), row.GetBoolean(12), row.GetBoolean(13), row.GetBoolean(14), row.GetInt32(15), row.GetDecimal(16));
}
