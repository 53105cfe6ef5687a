using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Generation;

/// <summary>A proposed plan and everything a head of sales needs to sign it: why each KPI, the funnel it rests on,
/// whether each KPI is SMART, what the bonuses cost, and which numbers were assumed.</summary>
public sealed record GeneratedPlan
{
    /// <summary>A plan that passes <see cref="PlanValidator"/>: one assignment per role of the team.</summary>
    public required PlanDocument Document { get; init; }

    /// <summary>The KPIs of every role with their monthly targets and rationale, in the order of the assignments.</summary>
    public required IReadOnlyList<RoleProposal> Roles { get; init; }

    public required FunnelPlan Funnel { get; init; }

    public required IReadOnlyList<SmartCheck> Smart { get; init; }

    public required CostEstimate Cost { get; init; }

    /// <summary>Every default the generator used instead of a number the request did not give.</summary>
    public required IReadOnlyList<Assumption> Assumptions { get; init; }

    /// <summary>Where the goals and the economics disagree: a budget too short, a conversion too far, a goal in another currency.</summary>
    public required IReadOnlyList<GenerationWarning> Warnings { get; init; }
}

/// <summary>One role's part of the plan, per person.</summary>
public sealed record RoleProposal
{
    public required Role Role { get; init; }
    public required int Count { get; init; }
    public required decimal BaseSalary { get; init; }

    /// <summary>Target variable pay as a fraction of the base salary; null when it is a fixed amount (own-budget lead generator).</summary>
    public decimal? TargetVariableShare { get; init; }

    /// <summary>Variable pay per person per month at 100 % on every weighted KPI.</summary>
    public required decimal TargetVariablePay { get; init; }

    public required IReadOnlyList<KpiProposal> Kpis { get; init; }
}

/// <summary>One component of a role's assignment, explained.</summary>
public sealed record KpiProposal
{
    /// <summary>The component's id in the document (<c>cr_sql_to_won</c>, <c>sla_gate</c>).</summary>
    public required string ComponentId { get; init; }

    public required string Metric { get; init; }
    public required string MetricName { get; init; }
    public required ComponentKind Kind { get; init; }

    /// <summary>Share of the target variable pay; only attainment and team components have one.</summary>
    public decimal? Weight { get; init; }

    /// <summary>The target per person per month (a gate's value, a step's plan); empty for growth, per-unit and share pay.</summary>
    public required IReadOnlyList<PeriodValue> Targets { get; init; }

    public decimal? Threshold { get; init; }
    public decimal? Cap { get; init; }

    /// <summary>How the component pays, in words.</summary>
    public required string Formula { get; init; }

    /// <summary>Why this KPI for this role, with the numbers.</summary>
    public required string Rationale { get; init; }

    /// <summary>The text of the goal the KPI serves, when it serves one.</summary>
    public string? Goal { get; init; }
}

public sealed record PeriodValue(string Period, decimal Value);

/// <summary>The team's funnel month by month: what the goals need (or, without a volume goal, what the current
/// volumes produce at the planned conversions). Counts are rounded to whole units, ratios to four decimals and money
/// to the currency's minor unit for display; each stage is computed from the unrounded one before it.</summary>
public sealed record FunnelPlan
{
    /// <summary>The metric the funnel is computed from (<c>revenue</c>, <c>sql</c>, …), or <c>leads</c> when no volume goal drives it.</summary>
    public required string Driver { get; init; }

    public required decimal AverageDealSize { get; init; }
    public required decimal GrossMargin { get; init; }

    /// <summary>The month before the plan, from the economics and defaults.</summary>
    public required FunnelMonth Current { get; init; }

    public required IReadOnlyList<FunnelMonth> Months { get; init; }
}

public sealed record FunnelMonth
{
    /// <summary>The month, or <c>current</c> for the starting point.</summary>
    public required string Period { get; init; }

    public required decimal Leads { get; init; }
    public required decimal Mql { get; init; }
    public required decimal Sal { get; init; }
    public required decimal Sql { get; init; }
    public required decimal Deals { get; init; }
    public required decimal Revenue { get; init; }
    public required decimal GrossProfit { get; init; }
    public required decimal CrLeadToMql { get; init; }
    public required decimal CrMqlToSal { get; init; }
    public required decimal CrSalToSql { get; init; }
    public required decimal CrMqlToSql { get; init; }
    public required decimal CrSqlToWon { get; init; }
    public required decimal CrLeadToWon { get; init; }
    public required decimal Cpl { get; init; }

    /// <summary>Leads × CPL: the marketing budget the month needs.</summary>
    public required decimal Budget { get; init; }

    /// <summary>The budget the request gave, when it gave one.</summary>
    public decimal? AvailableBudget { get; init; }

    /// <summary>The calculation in words, from the driver down to the budget.</summary>
    public required string Explanation { get; init; }
}

public enum SmartCriterion
{
    Specific,
    Measurable,
    Achievable,
    Relevant,
    TimeBound,
}

/// <summary>The SMART check of one KPI.</summary>
public sealed record SmartCheck
{
    public required Role Role { get; init; }
    public required string ComponentId { get; init; }
    public required string Metric { get; init; }

    /// <summary>True when every criterion passes.</summary>
    public required bool Passed { get; init; }

    public required IReadOnlyList<SmartResult> Criteria { get; init; }
}

public sealed record SmartResult(SmartCriterion Criterion, bool Passed, string Reason);

/// <summary>What the variable pay costs the company, computed with <see cref="Payouts.PayoutCalculator"/> on metric
/// values at 80, 100 and 120 % attainment of every KPI (gates met). Amounts are rounded to the minor unit.</summary>
public sealed record CostEstimate
{
    public required IReadOnlyList<decimal> Attainments { get; init; }
    public required IReadOnlyList<CostMonth> Months { get; init; }

    /// <summary>The whole plan, one entry per attainment.</summary>
    public required IReadOnlyList<CostScenario> Totals { get; init; }
}

public sealed record CostMonth
{
    public required string Period { get; init; }

    /// <summary>One entry per attainment, in the order of <see cref="CostEstimate.Attainments"/>.</summary>
    public required IReadOnlyList<CostScenario> Scenarios { get; init; }
}

/// <summary>The variable pay of the team at one attainment, and its weight against the gross profit the funnel's revenue
/// at the same attainment brings.</summary>
public sealed record CostScenario
{
    public required decimal Attainment { get; init; }
    public required decimal VariablePay { get; init; }
    public required decimal Revenue { get; init; }
    public required decimal GrossProfit { get; init; }

    /// <summary>Variable pay ÷ gross profit, four decimals; null when there is no gross profit.</summary>
    public decimal? ShareOfGrossProfit { get; init; }

    public required IReadOnlyList<RoleCost> Roles { get; init; }
}

public sealed record RoleCost
{
    public required Role Role { get; init; }
    public required int Count { get; init; }
    public required decimal PerPerson { get; init; }

    /// <summary>Per person × count.</summary>
    public required decimal Total { get; init; }
}

/// <summary>A default used for a number the request did not give. <see cref="Value"/> is invariant (<c>0.3</c>,
/// <c>own_product</c>); <see cref="Text"/> says what it is and why, in the request's language.</summary>
public sealed record Assumption(string Key, string Value, string Text);

/// <summary>A problem the plan still works around: <see cref="Code"/> is stable (<c>budget_short</c>), <see cref="Message"/>
/// is in the request's language with the numbers.</summary>
public sealed record GenerationWarning(string Code, string Message);
