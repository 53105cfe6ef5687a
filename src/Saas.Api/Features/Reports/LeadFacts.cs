using System.Data.Common;
using Dapper;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Attribution;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>One row per lead created in a period, with what the list of SLA breaches needs of it: its owner, first assignee and
/// assignments, its first response and its source by the tenant's attribution model (<see cref="LeadAttribution"/>'s
/// rule, kept for every model in <c>lead_facts</c>). The first-response report reads the same rows' clock columns as values
/// (<see cref="FirstResponseReport.ClockedLead"/>); the funnel and disqualification reports count them grouped in SQL
/// (<see cref="FunnelReport.StageCounts"/>, <see cref="DisqualificationReport.NonTargetCounts"/>); all through
/// <see cref="Source"/> and <see cref="CreatedInRange"/>.</summary>
public sealed record LeadFact(string LeadId, DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments,
    DateTimeOffset? FirstResponse, string? Channel, string? Campaign)
{
    public LeadClockFacts ClockFacts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);

    /// <summary>The tenant's condition on <c>lead_facts f</c>: leads whose first <c>lead.created</c> falls in the range's days in
    /// the tenant's time zone. Its parameters come from <see cref="InRange"/>.</summary>
    public const string CreatedInRange = """
        f.tenant_id = @TenantId
          and f.created_at >= (@start::timestamp at time zone @zone) and f.created_at < (@end::timestamp at time zone @zone)
        """;

    /// <summary>The parameters of <see cref="CreatedInRange"/>, with <paramref name="more"/> of the statement's own.</summary>
    public static DynamicParameters InRange(UnitOfWork work, ReportRange range, TenantProfile tenant, object? more = null)
    {
        var parameters = new DynamicParameters(new
        {
            work.TenantId,
            zone = tenant.TimeZone,
            start = range.From.ToDateTime(TimeOnly.MinValue),
            end = range.EndExclusive.ToDateTime(TimeOnly.MinValue),
        });
        if (more is not null)
            parameters.AddDynamicParams(more);
        return parameters;
    }

    /// <summary>The lead's channel, campaign or hypothesis (<paramref name="part"/>) by the tenant's attribution model, as SQL on
    /// <c>lead_facts f</c>: each model's source is kept as a [1:1] slice of [channel, campaign, hypothesis].</summary>
    public static string Source(TenantProfile tenant, string part)
    {
        var column = tenant.Settings.Attribution switch
        {
            AttributionModel.FirstTouch => "f.first_touch",
            AttributionModel.LastTouch => "f.last_touch",
            _ => "f.last_non_direct",
        };
        return part switch
        {
            "channel" => $"{column}[1][1]",
            "campaign" => $"{column}[1][2]",
            "hypothesis" => $"{column}[1][3]",
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "A source is a channel, a campaign or a hypothesis."),
        };
    }

    /// <summary>At most <paramref name="limit"/> of the range's leads after <paramref name="after"/>, in the order of creation
    /// then lead id (byte order): a list that pages through the leads reads a chunk at a time, through
    /// <c>lead_facts_by_creation</c>, and stops when it has its page, rather than holding and sorting a year's.</summary>
    public static IAsyncEnumerable<LeadFact> ReadInOrderAsync(UnitOfWork work, ReportRange range, TenantProfile tenant,
        (DateTimeOffset Created, string LeadId)? after, int limit)
    {
        // FromRow reads these columns by position: a column added or moved here is added or moved there.
        var sql = $"""
            select f.lead_id, f.created_at as created, f.owner, f.first_assignee,
                   case when @assigned then f.assignments end as assignments, f.first_response_at as first_response,
                   {Source(tenant, "channel")} as channel, {Source(tenant, "campaign")} as campaign
            from lead_facts f
            where {CreatedInRange}
              and (@afterCreated::timestamptz is null or f.created_at >= @afterCreated)
              and (@afterCreated::timestamptz is null or (f.created_at, f.lead_id collate "C") > (@afterCreated, @afterLead collate "C"))
            order by f.created_at, f.lead_id collate "C"
            limit @limit
            """;
        var parameters = InRange(work, range, tenant, new
        {
            assigned = tenant.Settings.SlaClockStart == SlaClockStart.LeadAssigned,
            afterCreated = after?.Created,
            afterLead = after?.LeadId,
            limit,
        });
        return work.StreamAsync(sql, parameters, FromRow);
    }

    /// <summary>A row of <see cref="ReadInOrderAsync"/>'s select, by position. Not Dapper's parser: it boxes each value, and a list
    /// reads its leads by the thousand.</summary>
    private static LeadFact FromRow(DbDataReader row) => new(
        row.GetString(0), row.GetFieldValue<DateTimeOffset>(1), row.ValueOrNull<Guid>(2), row.ValueOrNull<Guid>(3), row.TextOrNull(4),
        row.ValueOrNull<DateTimeOffset>(5), row.TextOrNull(6), row.TextOrNull(7));
}
