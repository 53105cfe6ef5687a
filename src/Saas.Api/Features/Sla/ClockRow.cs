using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

/// <summary>A lead's clock facts as <see cref="LeadClockSql.Columns"/> reads them.</summary>
public sealed record ClockRow(DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments, DateTimeOffset? FirstResponse)
{
    public LeadClockFacts Facts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);
}
