using Saas.Engine.Payouts;
using Saas.Engine.Progress;

namespace Saas.Api.Features.Progress;

/// <summary>One employee's period so far. <see cref="Total"/> is what the statement would say if the period closed now, by
/// the same engine (<see cref="Provisional"/>: later events, adjustments and approvals change it); <see cref="ProjectedTotal"/>
/// is the same computation on the metrics projected to the period's end at the pace so far.</summary>
public sealed record EmployeeProgressResponse(
    Guid EmployeeId,
    string FullName,
    string Period,
    DateTimeOffset AsOf,
    bool Provisional,
    string Currency,
    decimal Total,
    decimal? ProjectedTotal,
    PaceResponse Pace,
    IReadOnlyList<PlanInForce> Plans,
    IReadOnlyList<ComponentProgress> Components,
    IReadOnlyList<PayoutLine> Lines);

/// <summary>How far the period has run in the tenant's working calendar: <see cref="Elapsed"/> is the share of its working
/// time that has passed (0.45 = 45 %), the basis of every projection.</summary>
public sealed record PaceResponse(decimal Elapsed, int WorkingDaysElapsed, int WorkingDays);

public sealed record PlanInForce(Guid PlanId, string Name, int Version);

/// <summary>A team's members' progress, each as <c>/employees/{id}/progress</c> answers it.</summary>
public sealed record TeamProgressResponse(Guid TeamId, string Name, string Period, DateTimeOffset AsOf, bool Provisional,
    IReadOnlyList<EmployeeProgressResponse> Members);
