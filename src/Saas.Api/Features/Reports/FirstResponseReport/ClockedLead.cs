using System.Data.Common;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports.FirstResponseReport;

/// <summary>A lead of the report's range as the report folds it: its clock's facts and, grouped by channel, its channel.</summary>
/// <remarks>Only what the report uses, and a value: it reads a month's leads at every request. Read as a <see cref="LeadFact"/>
/// (the lead's id, campaign and channel as strings; its clock facts, clock and timing as objects), a lead was six objects, and
/// the report most of what the API allocated under infra/bench/soak: in a 20-minute run's last five minutes, 34 MB a second
/// against 7 MB with this row, every request counted.</remarks>
internal readonly record struct ClockedLead(LeadClockFacts Clock, string? Channel)
{
    /// <summary>The leads whose first <c>lead.created</c> falls in the range (<see cref="LeadFact.CreatedInRange"/>), as they are kept
    /// now (the caller catches up first, <see cref="LeadFactsRefresher"/>); the channel is read only when <paramref name="withChannel"/>,
    /// and is null otherwise.</summary>
    /// <remarks>They come in no particular order and are meant to be folded into the report's groups as they arrive: a month can
    /// hold hundreds of thousands, and a report that held them all at once made the API's memory grow with its tenants' months
    /// (issue 9's soak). The unit of work runs no other command until the enumeration ends.</remarks>
    public static IAsyncEnumerable<ClockedLead> ReadAsync(UnitOfWork work, ReportRange range, TenantProfile tenant, bool withChannel)
    {
        // FromRow reads these columns by position.
        var sql = $"""
            select f.created_at, f.owner, f.first_assignee, case when @assigned then f.assignments end, f.first_response_at,
                   {(withChannel ? LeadFact.Source(tenant, "channel") : "null::text")}
            from lead_facts f
            where {LeadFact.CreatedInRange}
            """;
        var parameters = LeadFact.InRange(work, range, tenant, new { assigned = tenant.Settings.SlaClockStart == SlaClockStart.LeadAssigned });
        return work.StreamAsync(sql, parameters, FromRow);
    }

    private static ClockedLead FromRow(DbDataReader row) => new(
        LeadClockSql.Facts(row.GetFieldValue<DateTimeOffset>(0), row.ValueOrNull<Guid>(1), row.ValueOrNull<Guid>(2), row.TextOrNull(3),
            row.ValueOrNull<DateTimeOffset>(4)),
        row.TextOrNull(5));
}
