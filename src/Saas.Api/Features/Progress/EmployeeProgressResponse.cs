using Saas.Engine.Payouts;
using Saas.Engine.Progress;

namespace Saas.Api.Features.Progress;

/// <summary>One employee's period so far. <see cref="Total"/> is what the statement would say if the period closed now, by
/// the same engine (<see cref="Provisional"/>: later events, adjustments and approvals change it); <see cref="ProjectedTotal"/>
/// is the same computation on the metrics projected to the period's end at the pace so far. <see cref="Plans"/> are the plan
/// versions in force for the employee, each with its components. The employee's own figures are as of <see cref="AsOf"/> (the
/// request); what they share with the tenant (team components, spend-based metrics), the plans, the staff and the adjustments
/// are as of <see cref="SharedAsOf"/>, a reading of the tenant's period shared by every request (seconds old; for the largest
/// tenants, as old as a reading takes).</summary>
public sealed record EmployeeProgressResponse(
    Guid EmployeeId,
    string FullName,
    string Period,
    DateTimeOffset AsOf,
    DateTimeOffset SharedAsOf,
    bool Provisional,
    string Currency,
    decimal Total,
    decimal? ProjectedTotal,
    PaceResponse Pace,
    IReadOnlyList<PlanProgress> Plans,
    IReadOnlyList<PayoutLine> Lines);

/// <summary>How far the period (or a plan version's part of it) has run in the tenant's working calendar: <see cref="Elapsed"/>
/// is the share of its working time that has passed (0.45 = 45 %), the basis of every projection.</summary>
public sealed record PaceResponse(decimal Elapsed, int WorkingDaysElapsed, int WorkingDays)
{
    public static PaceResponse Of(PeriodPace pace) => new(pace.Elapsed, pace.WorkingDaysElapsed, pace.WorkingDays);
}

/// <summary>A plan version in force for the employee from <see cref="From"/> to <see cref="To"/> (both included: the part of the
/// period it and the employment cover), its pace over those days, and its components.</summary>
public sealed record PlanProgress(Guid PlanId, string Name, int Version, DateOnly From, DateOnly To, PaceResponse Pace,
    IReadOnlyList<ComponentProgress> Components);

/// <summary>A team's members' progress, each as <c>/employees/{id}/progress</c> answers it; <see cref="AsOf"/> and <see cref="SharedAsOf"/>
/// as theirs.</summary>
public sealed record TeamProgressResponse(Guid TeamId, string Name, string Period, DateTimeOffset AsOf, DateTimeOffset SharedAsOf, bool Provisional,
    IReadOnlyList<EmployeeProgressResponse> Members);
