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
public sealed record LeadFact(string LeadId, LeadClockFacts Clock, string? Channel, string? Campaign)
{
    /// <summary>What the lead's first-response clock needs, as columns of <c>lead_facts f</c> that <see cref="ClockAt"/> reads back
    /// by position; every assignment only when the tenant's clock starts at assignment (<c>@assigned</c>, <see cref="ReadsAssignments"/>).</summary>
    public const string ClockColumns = "f.created_at, f.owner, f.first_assignee, case when @assigned then f.assignments end, f.first_response_at";

    public static bool ReadsAssignments(TenantProfile tenant) => tenant.Settings.SlaClockStart == SlaClockStart.LeadAssigned;

    /// <summary>The clock's facts from <see cref="ClockColumns"/>, selected from the ordinal <paramref name="first"/> on.</summary>
    public static LeadClockFacts ClockAt(DbDataReader row, int first) => LeadClockSql.Facts(row.GetFieldValue<DateTimeOffset>(first),
        row.ValueOrNull<Guid>(first + 1), row.ValueOrNull<Guid>(first + 2), row.TextOrNull(first + 3), row.ValueOrNull<DateTimeOffset>(first + 4));

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
            select f.lead_id, {ClockColumns}, {Source(tenant, "channel")}, {Source(tenant, "campaign")}
            from lead_facts f
            where {CreatedInRange}
              and (@afterCreated::timestamptz is null or f.created_at >= @afterCreated)
              and (@afterCreated::timestamptz is null or (f.created_at, f.lead_id collate "C") > (@afterCreated, @afterLead collate "C"))
            order by f.created_at, f.lead_id collate "C"
            limit @limit
            """;
        var parameters = InRange(work, range, tenant, new
        {
            assigned = ReadsAssignments(tenant),
            afterCreated = after?.Created,
            afterLead = after?.LeadId,
            limit,
        });
        return work.StreamAsync(sql, parameters, FromRow);
    }

    /// <summary>A row of <see cref="ReadInOrderAsync"/>'s select, by position. Not Dapper's parser: it boxes each value, and a list
    /// reads its leads by the thousand.</summary>
    private static LeadFact FromRow(DbDataReader row) => new(row.GetString(0), ClockAt(row, 1), row.TextOrNull(6), row.TextOrNull(7));
}
