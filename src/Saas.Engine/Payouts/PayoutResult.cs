using Saas.Engine.Plans;

namespace Saas.Engine.Payouts;

/// <summary>The payout of one employee for one period. <see cref="Total"/> equals the sum of <see cref="Lines"/>;
/// only the last line (rounding) is the effect of rounding, every other amount is at full precision.</summary>
public sealed record PayoutResult
{
    public required string Currency { get; init; }

    /// <summary>The variable pay at 100 % on every weighted component, and how it was found.</summary>
    public required decimal TargetVariablePay { get; init; }
    public required string TargetFormula { get; init; }

    public required IReadOnlyList<PayoutLine> Lines { get; init; }

    /// <summary>What the components earned before component caps, gates, the total cap, proration and adjustments.</summary>
    public required decimal TotalBeforeCaps { get; init; }

    /// <summary>The sum of all lines but the rounding line.</summary>
    public required decimal TotalUnrounded { get; init; }

    /// <summary>Rounded half away from zero to the currency's minor unit.</summary>
    public required decimal Total { get; init; }

    /// <summary>The recoverable draw balance carried out to the next period.</summary>
    public decimal DrawBalance { get; init; }
}

public enum PayoutLineKind
{
    /// <summary>What a component earned (one line per deal for per-deal share tiers).</summary>
    Component,

    /// <summary>The cut of a component's cap (negative).</summary>
    ComponentCap,

    /// <summary>The extra a multiplier adds (positive), or zero when its condition was not met.</summary>
    Multiplier,

    /// <summary>A gate: zero when it passed, the withheld amount (negative) when it failed.</summary>
    Gate,

    /// <summary>The cut of the cap on the whole variable pay (negative).</summary>
    TotalCap,

    /// <summary>What is not paid because the plan version was in force for part of the period (negative).</summary>
    Proration,

    /// <summary>A manual correction, either sign.</summary>
    Adjustment,

    /// <summary>Commission of an earlier period taken back (negative), for a refund or an early churn.</summary>
    Clawback,

    /// <summary>The top-up of variable pay to the guaranteed draw (positive).</summary>
    Draw,

    /// <summary>Earlier draw top-ups recovered from variable pay above the draw (negative).</summary>
    DrawRecovery,

    /// <summary>The difference rounding the total to the minor unit made.</summary>
    Rounding,
}

public enum LineOutcome
{
    Paid,

    /// <summary>Computed, and the result is nothing: target, growth, step or spif not reached, no deals.</summary>
    NotReached,

    BelowThreshold,

    /// <summary>A value the component needs was not supplied; it pays nothing (a gate counts as failed).</summary>
    MissingData,

    /// <summary>A per-unit condition or a gate failed.</summary>
    ConditionNotMet,

    /// <summary>A gate whose condition holds.</summary>
    Passed,
}

/// <summary>One line of a payout. <see cref="Amount"/> is unrounded; <see cref="Formula"/> has the numbers
/// substituted in invariant notation (<c>30000 × 0.6 × 1.1 = 19800</c>, at most six decimals shown);
/// <see cref="Explanation"/> is the same in the tenant's language with amounts rounded for display.</summary>
public sealed record PayoutLine
{
    public required PayoutLineKind Kind { get; init; }
    public required LineOutcome Outcome { get; init; }
    public string? ComponentId { get; init; }
    public ComponentKind? ComponentKind { get; init; }
    public string? Label { get; init; }
    public string? Metric { get; init; }
    public decimal? Target { get; init; }
    public decimal? Actual { get; init; }

    /// <summary>A fraction: 1.1 = 110 %.</summary>
    public decimal? Attainment { get; init; }

    /// <summary>The rate applied (of the tier reached, for tiers): a payout factor, a fraction or a money amount per unit.</summary>
    public decimal? Rate { get; init; }

    /// <summary>1-based number of the tier (or table segment) reached.</summary>
    public int? Tier { get; init; }

    public string? DealId { get; init; }

    /// <summary>The deal rule that set this deal's rate or multiplier, by its label or its conditions.</summary>
    public string? Rule { get; init; }

    /// <summary>What a deal rule or a multiplier component multiplied the pay by (1.5 = × 1.5); for a multiplier whose cap cut
    /// the extra, what it came to (its <see cref="Rate"/> is the plan's factor).</summary>
    public decimal? Multiplier { get; init; }

    /// <summary>The components a multiplier raised, by id.</summary>
    public IReadOnlyList<string>? AppliesTo { get; init; }

    /// <summary>True when a seasonal override changed the component for this period.</summary>
    public bool Overridden { get; init; }

    public required decimal Amount { get; init; }
    public required string Formula { get; init; }
    public required string Explanation { get; init; }
}
