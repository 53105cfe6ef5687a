using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Review;

/// <summary>Where a review's proposals go. Overrides belong to one period of a plan, so after the plan's last period
/// there is no period left to override: the changes then become the base terms of the next plan.</summary>
public enum ProposalScope
{
    /// <summary>Each override is a seasonal override for <see cref="PlanReview.NextPeriod"/>, a period of this plan;
    /// it is merged field by field with an override the plan may already have for that period and component.</summary>
    NextPeriod,

    /// <summary>The reviewed period was the plan's last. The next plan starts from the terms in force in the reviewed
    /// period, and each override (same shape, its <c>period</c> the first period of the next plan) changes those base
    /// terms. <see cref="PlanReviewApplier"/> builds that draft.</summary>
    NextPlan,
}

/// <summary>The result of a review: what was observed and what to change. Every proposal can be applied on its own
/// (see <see cref="PlanReviewApplier"/>), any subset keeps the plan valid, and no component is changed by two
/// proposals.</summary>
public sealed record PlanReview
{
    /// <summary>The reviewed period.</summary>
    public required string Period { get; init; }

    /// <summary>The period the proposals apply from: the plan's next period, or for <see cref="ProposalScope.NextPlan"/>
    /// the calendar period after the reviewed one.</summary>
    public required string NextPeriod { get; init; }

    public required ProposalScope AppliesTo { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<Proposal> Proposals { get; init; }
}

/// <summary>Who an assignment applies to, for display: exactly one of role, team or employee, and the subject's label.</summary>
public sealed record Assignee
{
    public Role? Role { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? EmployeeId { get; init; }
    public string? Label { get; init; }
}

/// <summary>An observation with its numbers. <see cref="Code"/> is the rule's name (<c>gate_failed</c>, <c>no_data</c>,
/// ...). Values are in the metric's unit (ratios as fractions); <see cref="Amount"/> is money in the plan's currency.</summary>
public sealed record Finding
{
    public required string Code { get; init; }
    public required int AssignmentIndex { get; init; }
    public required Assignee Assignee { get; init; }
    public string? ComponentId { get; init; }
    public string? Metric { get; init; }
    public decimal? Target { get; init; }
    public decimal? Actual { get; init; }
    public decimal? PreviousActual { get; init; }
    public decimal? Attainment { get; init; }
    public decimal? PreviousAttainment { get; init; }

    /// <summary>Money the finding is about: withheld by a gate, cut by the total cap (positive).</summary>
    public decimal? Amount { get; init; }

    public required string Message { get; init; }
}

/// <summary>A change a frontend can apply to a draft copy of the plan. <see cref="Overrides"/> set only the fields they
/// change (a weight raise carries the raised component and the components that give weight up);
/// <see cref="AddComponent"/> is a component to append to the assignment's components. A proposal with neither
/// (<c>gate_failed_twice</c>) explains a problem the plan should not be changed for.</summary>
public sealed record Proposal
{
    /// <summary>Stable: <c>conversion_not_growing</c>, <c>follow_up_bonus</c>, <c>paid_at_cap_twice</c>,
    /// <c>total_capped_twice</c>, <c>below_threshold_twice</c>, <c>gate_failed_twice</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The rule that made the proposal (<c>follow_up_bonus</c> comes from <c>conversion_not_growing</c>).</summary>
    public required string Rule { get; init; }

    public required int AssignmentIndex { get; init; }
    public required Assignee Assignee { get; init; }

    /// <summary>The component changed; null for an added component.</summary>
    public string? ComponentId { get; init; }

    public required ProposalScope AppliesTo { get; init; }

    /// <summary>The period the change applies from (the overrides' period).</summary>
    public required string Period { get; init; }

    /// <summary>The main field changed on <see cref="ComponentId"/> (<c>weight</c>, <c>target</c>), with its value in
    /// force for <see cref="Period"/> and the proposed one.</summary>
    public string? Field { get; init; }
    public decimal? From { get; init; }
    public decimal? To { get; init; }

    public IReadOnlyList<ComponentOverride> Overrides { get; init; } = [];
    public Component? AddComponent { get; init; }

    public required string Message { get; init; }
}
