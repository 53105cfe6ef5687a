using System.Data.Common;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports.FirstResponseReport;

/// <summary>A lead of the report's range as the report folds it: its clock's facts and, grouped by channel, its channel.</summary>
/// <remarks>Only what the report uses, and a value: it reads a month's leads at every request. Before 8e2cf72 it read each as a
/// <see cref="LeadFact"/> and made six objects a lead (the id, campaign and channel as strings; the clock facts, clock and timing),
/// most of what the API allocated under infra/bench/soak: in a 20-minute run's last five minutes, 34 MB a second against 7 MB
/// with this row, every request counted.</remarks>
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
            select {LeadFact.ClockColumns}, {(withChannel ? LeadFact.Source(tenant, "channel") : "null::text")}
            from lead_facts f
            where {LeadFact.CreatedInRange}
            """;
        var parameters = LeadFact.InRange(work, range, tenant, new { assigned = LeadFact.ReadsAssignments(tenant) });
        return work.StreamAsync(sql, parameters, FromRow);
    }

    private static ClockedLead FromRow(DbDataReader row) => new(LeadFact.ClockAt(row, 0), row.TextOrNull(5));
}
