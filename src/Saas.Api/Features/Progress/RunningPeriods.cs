using Saas.Api.Features.Employees;
using Saas.Api.Features.Plans;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;

namespace Saas.Api.Features.Progress;

/// <summary>The pay periods running on a day that a plan in force pays by: its month, its quarter, or both. Progress asked
/// without a period, and the milestones, are about these.</summary>
public static class RunningPeriods
{
    /// <summary>The month and the quarter of <paramref name="today"/> that some active (or since retired) plan lists among its
    /// periods, the month first: every such plan's, or with <paramref name="people"/>, only those of the plans with an assignment
    /// for one of them.</summary>
    public static async Task<IReadOnlyList<Period>> PaidAsync(UnitOfWork work, DateOnly today, IReadOnlyCollection<Employee>? people,
        CancellationToken cancellationToken)
    {
        var quarter = Period.QuarterOf(today);
        var plans = (await Plan.InForceAsync(work, quarter, [Plan.Active, Plan.Retired], cancellationToken)).Select(p => p.ReadDocument());
        var paid = plans.Where(plan => people is null || people.Any(person => person.AssignmentIn(plan) >= 0))
            .SelectMany(plan => plan.Periods).Select(Period.Parse).ToHashSet();
        return new[] { Period.MonthOf(today), quarter }.Where(paid.Contains).ToList();
    }

    /// <summary>What progress is about when no period is named: the month, unless only a quarter is paid.</summary>
    public static Period Default(IReadOnlyList<Period> paid, DateOnly today) =>
        paid is [{ Kind: PeriodKind.Quarter } quarter] ? quarter : Period.MonthOf(today);
}
