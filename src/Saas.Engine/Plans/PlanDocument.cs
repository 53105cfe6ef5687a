using Saas.Engine.Common;

namespace Saas.Engine.Plans;

/// <summary>A bonus plan as the tenant designs it: stored as one jsonb document per plan version and served
/// as is. Strings that the user types (periods, metric keys, component ids) stay strings here so that
/// <see cref="PlanValidator"/> can answer with a field error instead of a parse failure.</summary>
public sealed record PlanDocument
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>ISO 4217 code of every amount in the plan.</summary>
    public required string Currency { get; init; }

    /// <summary>The pay periods the plan covers: months (<c>2026-11</c>) or quarters (<c>2026-Q4</c>).</summary>
    public required IReadOnlyList<string> Periods { get; init; }

    public required IReadOnlyList<Assignment> Assignments { get; init; }

    /// <summary>The index of the assignment that pays a person: their own, else their team's, else their role's;
    /// -1 when none applies. Simulations and statements both pick by this rule.</summary>
    public int AssignmentFor(Guid? employeeId, Guid? teamId, Role? role)
    {
        int Find(Func<Assignment, bool> match)
        {
            for (var i = 0; i < Assignments.Count; i++)
                if (match(Assignments[i]))
                    return i;
            return -1;
        }

        var own = employeeId is null ? -1 : Find(a => a.EmployeeId == employeeId);
        if (own >= 0)
            return own;
        var team = teamId is null ? -1 : Find(a => a.TeamId == teamId);
        return team >= 0 ? team : role is null ? -1 : Find(a => a.Role == role);
    }
}

/// <summary>Who a part of the plan applies to (exactly one of a role, a team or an employee) and how they are paid.
/// When several assignments could match one person, the API picks the most specific: employee, then team, then role.</summary>
public sealed record Assignment
{
    public Role? Role { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? EmployeeId { get; init; }

    /// <summary>Reference base salary per period; the calculator uses the employee's own when given one.</summary>
    public decimal? BaseSalary { get; init; }

    /// <summary>The variable pay earned per period at 100 % on every weighted component. Absent in a commission-only
    /// assignment (shares of revenue, pay per unit, fixed bonuses), which then has nothing paid as a share of a target.</summary>
    public TargetVariablePay? TargetVariablePay { get; init; }

    /// <summary>Cap on the whole variable pay of a period.</summary>
    public PayAmount? MaxVariablePay { get; init; }

    public required IReadOnlyList<Component> Components { get; init; }

    /// <summary>Seasonal changes for single periods (a sale month weighs SQL conversion more).</summary>
    public IReadOnlyList<ComponentOverride> Overrides { get; init; } = [];

    /// <summary>When commission already paid on a deal is taken back; none when absent.</summary>
    public ClawbackTerms? Clawback { get; init; }

    /// <summary>A guaranteed minimum of variable pay per period; none when absent.</summary>
    public DrawTerms? Draw { get; init; }
}

/// <summary>A draw: when a period's variable pay is below <see cref="Amount"/>, the difference is topped up. A
/// <see cref="Recoverable"/> draw carries the top-ups as a balance, recovered from later variable pay above the draw;
/// a non-recoverable one is a plain guarantee. Prorated with the period like the rest of the pay.</summary>
public sealed record DrawTerms
{
    public required decimal Amount { get; init; }
    public bool Recoverable { get; init; }
}

/// <summary>A refunded deal always reverses the commission (share pay) it earned, in proportion to the amount refunded;
/// an account that churns within <see cref="ChurnWindowDays"/> of a deal reverses that deal's commission in full. The
/// reversal is a negative line in the statement of the period the refund or churn happened in.</summary>
public sealed record ClawbackTerms
{
    /// <summary>Days after the deal in which a churn is "early"; no churn clawback when absent.</summary>
    public int? ChurnWindowDays { get; init; }

    /// <summary>The share of a deal's commission an early churn takes back (0.5 = half); all of it when absent. Refunds always
    /// take back the refunded part.</summary>
    public decimal? ChurnShare { get; init; }
}

/// <summary>Exactly one of a fixed amount or a fraction of the base salary (0.3 = 30 %).</summary>
public sealed record TargetVariablePay
{
    public decimal? Amount { get; init; }
    public decimal? OfBase { get; init; }
}

/// <summary>An amount that is exactly one of a fixed sum or a fraction of the target variable pay
/// (<c>ofTarget: 0.5</c> = half the target bonus). Used for bonuses and for caps.</summary>
public sealed record PayAmount
{
    public decimal? Amount { get; init; }
    public decimal? OfTarget { get; init; }

    public static PayAmount Fixed(decimal amount) => new() { Amount = amount };

    public static PayAmount TargetShare(decimal fraction) => new() { OfTarget = fraction };

    public decimal Resolve(decimal targetVariablePay) => Amount ?? (OfTarget ?? 0m) * targetVariablePay;
}

/// <summary>A change of one component for one period. Only the fields set are changed: <c>weight</c>,
/// <c>target</c> and <c>curve</c> for attainment and team components; <c>target</c> and <c>rate</c> for step
/// and share; <c>rate</c> for per_unit (a flat rate replaces the tiers, as for share).</summary>
public sealed record ComponentOverride
{
    public required string Period { get; init; }

    /// <summary>The id of the component to change.</summary>
    public required string Component { get; init; }

    public decimal? Weight { get; init; }
    public decimal? Target { get; init; }
    public decimal? Rate { get; init; }
    public Curve? Curve { get; init; }
}
