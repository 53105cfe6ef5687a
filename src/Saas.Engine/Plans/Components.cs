using System.Text.Json.Serialization;

namespace Saas.Engine.Plans;

public enum ComponentKind
{
    Attainment,
    Step,
    Growth,
    PerUnit,
    Share,
    Gate,
    Team,
    Spif,
    Multiplier,
}

/// <summary>One way of earning variable pay. Serialized with a <c>kind</c> discriminator; <see cref="Id"/> is
/// unique within its assignment so that gates and overrides can refer to it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AttainmentComponent), "attainment")]
[JsonDerivedType(typeof(StepComponent), "step")]
[JsonDerivedType(typeof(GrowthComponent), "growth")]
[JsonDerivedType(typeof(PerUnitComponent), "per_unit")]
[JsonDerivedType(typeof(ShareComponent), "share")]
[JsonDerivedType(typeof(GateComponent), "gate")]
[JsonDerivedType(typeof(TeamComponent), "team")]
[JsonDerivedType(typeof(SpifComponent), "spif")]
[JsonDerivedType(typeof(MultiplierComponent), "multiplier")]
public abstract record Component
{
    protected Component(ComponentKind kind) => Kind = kind;

    // The discriminator already carries the kind on the wire.
    [JsonIgnore]
    public ComponentKind Kind { get; }

    [JsonPropertyOrder(-2)]
    public required string Id { get; init; }

    /// <summary>A name for statements ("Бонус за конверсию"); the metric's name is used when absent.</summary>
    [JsonPropertyOrder(-1)]
    public string? Label { get; init; }

    /// <summary>Cap on what this component pays in a period (not allowed on gates, which pay nothing).</summary>
    public PayAmount? MaxPayout { get; init; }
}

/// <summary>The terms of a KPI paid by attainment: <c>target variable pay × weight × curve(attainment)</c>.
/// <see cref="Threshold"/> and <see cref="Cap"/> are attainments (0.8 = 80 % of target), so they stay
/// meaningful when an override moves the target and read the same for lower-is-better metrics.</summary>
public interface IAttainmentTerms
{
    string Metric { get; }

    /// <summary>The metric value that counts as 100 %.</summary>
    decimal Target { get; }

    /// <summary>Share of the target variable pay (0.6 = 60 %).</summary>
    decimal Weight { get; }

    /// <summary>Lowest attainment that pays; below it the component pays nothing. At it, it pays.</summary>
    decimal? Threshold { get; }

    /// <summary>Highest attainment counted.</summary>
    decimal? Cap { get; }

    /// <summary>Linear when absent.</summary>
    Curve? Curve { get; }

    /// <summary>Paid on top, outside the weighting: its weight does not count toward the 100 % the others add up to (a
    /// kicker above quota beside a base rate on the same deals).</summary>
    bool Additive { get; }
}

public sealed record AttainmentComponent : Component, IAttainmentTerms
{
    public AttainmentComponent() : base(ComponentKind.Attainment) { }

    public required string Metric { get; init; }
    public required decimal Target { get; init; }
    public required decimal Weight { get; init; }
    public decimal? Threshold { get; init; }
    public decimal? Cap { get; init; }
    public Curve? Curve { get; init; }

    // Written only when set, so plans without one read and compare as they always did.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Additive { get; init; }
}

/// <summary>A KPI shared by a group (marketing and sales on MQL→SQL conversion): attainment is the group's,
/// the weight is each member's own. <see cref="Group"/> names the group whose values the caller supplies.</summary>
public sealed record TeamComponent : Component, IAttainmentTerms
{
    public TeamComponent() : base(ComponentKind.Team) { }

    public required string Group { get; init; }
    public required string Metric { get; init; }
    public required decimal Target { get; init; }
    public required decimal Weight { get; init; }
    public decimal? Threshold { get; init; }
    public decimal? Cap { get; init; }
    public Curve? Curve { get; init; }

    // Written only when set, so plans without one read and compare as they always did.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Additive { get; init; }
}

/// <summary>"For every <see cref="Every"/> units beyond <see cref="Target"/>, <see cref="Rate"/> of the target
/// variable pay" (за каждые 10 SQL сверх плана +5 % к премии). Beyond means below for lower-is-better metrics.</summary>
public sealed record StepComponent : Component
{
    public StepComponent() : base(ComponentKind.Step) { }

    public required string Metric { get; init; }
    public required decimal Target { get; init; }
    public required decimal Every { get; init; }

    /// <summary>Fraction of the target variable pay per full step (0.05 = 5 %).</summary>
    public required decimal Rate { get; init; }

    public int? MaxSteps { get; init; }
}

public enum GrowthMeasure
{
    /// <summary>Growth in the metric's own unit (MQL: 120 − 100 = 20).</summary>
    Absolute,

    /// <summary>Growth as a fraction of the previous value ((120 − 100) ÷ 100 = 0.2).</summary>
    Percent,
}

/// <summary>Pays <see cref="Bonus"/> when the metric beats the previous period (for lower-is-better metrics:
/// when it falls) by more than nothing and by at least <see cref="Minimum"/>.</summary>
public sealed record GrowthComponent : Component
{
    public GrowthComponent() : base(ComponentKind.Growth) { }

    public required string Metric { get; init; }
    public GrowthMeasure Measure { get; init; } = GrowthMeasure.Percent;
    public decimal Minimum { get; init; }
    public required PayAmount Bonus { get; init; }
}

public enum TierMode
{
    /// <summary>Each slice at its own tier's rate.</summary>
    Marginal,

    /// <summary>The whole quantity at the rate of the tier reached (retroactive).</summary>
    Flat,
}

public enum ComparisonOperator
{
    AtLeast,
    AtMost,
}

/// <summary>A test of one metric against a value: <c>cpl at_most 1500</c>.</summary>
public sealed record MetricCondition(string Metric, ComparisonOperator Operator, decimal Value);

/// <summary>An amount per unit of a count metric (lead, MQL, SQL, renewal): a flat <see cref="Rate"/> or
/// <see cref="Tiers"/> on the number of units, paid only while <see cref="Condition"/> holds.</summary>
public sealed record PerUnitComponent : Component
{
    public PerUnitComponent() : base(ComponentKind.PerUnit) { }

    public required string Metric { get; init; }
    public decimal? Rate { get; init; }
    public IReadOnlyList<Tier>? Tiers { get; init; }
    public TierMode TierMode { get; init; } = TierMode.Marginal;
    public MetricCondition? Condition { get; init; }
}

public enum ShareMeasure
{
    Revenue,
    GrossProfit,
    OperatingProfit,
}

/// <summary>Which of the employee's credited deals a share component counts.</summary>
public enum ShareCredit
{
    Closed,
    Sourced,
    Any,
}

public enum TierBasis
{
    /// <summary>Tiers on the period's cumulative attainment: credited total ÷ <see cref="ShareComponent.Target"/>.</summary>
    Cumulative,

    /// <summary>Tiers on each deal's own credited value, in money.</summary>
    PerDeal,

    /// <summary>Tiers on the period's credited total, in money ("1 % up to 10 000, 2 % above"): no target needed.</summary>
    Total,
}

/// <summary>A percentage of revenue or profit of the deals credited to the employee, times each deal's split share.</summary>
public sealed record ShareComponent : Component
{
    public ShareComponent() : base(ComponentKind.Share) { }

    public required ShareMeasure Measure { get; init; }
    public required ShareCredit Credit { get; init; }

    /// <summary>Flat fraction of the measure (0.05 = 5 %).</summary>
    public decimal? Rate { get; init; }

    /// <summary>Rates by tier; <c>from</c> is an attainment for <see cref="TierBasis.Cumulative"/>, a deal value for
    /// <see cref="TierBasis.PerDeal"/> and the period's total for <see cref="TierBasis.Total"/> (both money).</summary>
    public IReadOnlyList<Tier>? Tiers { get; init; }

    public TierMode TierMode { get; init; } = TierMode.Marginal;
    public TierBasis TierBasis { get; init; } = TierBasis.Cumulative;

    /// <summary>The period's target of the measure, for cumulative tiers.</summary>
    public decimal? Target { get; init; }

    /// <summary>Rates or multipliers by deal attributes ("× 1.5 when the contract is over 12 months"), for per-deal tiers.</summary>
    public IReadOnlyList<DealRule>? DealRules { get; init; }
}

/// <summary>A condition that, when it fails, multiplies the components it applies to by <see cref="Factor"/>
/// (0 withholds them): "sales bonus only if first-response SLA compliance ≥ 90 %".</summary>
public sealed record GateComponent : Component
{
    public GateComponent() : base(ComponentKind.Gate) { }

    public required string Metric { get; init; }
    public required ComparisonOperator Operator { get; init; }
    public required decimal Value { get; init; }

    /// <summary>Ids of the gated components; all non-gate components when absent.</summary>
    public IReadOnlyList<string>? AppliesTo { get; init; }

    public decimal Factor { get; init; }
}

/// <summary>A temporary bonus for a date range (a campaign, a sale season): <see cref="Bonus"/> when the metric
/// measured over the range reaches <see cref="Target"/>, or <see cref="PerUnit"/> per unit (from
/// <see cref="Target"/> on, when one is set). Settled in the period that contains <see cref="To"/>.</summary>
public sealed record SpifComponent : Component
{
    public SpifComponent() : base(ComponentKind.Spif) { }

    public required string Metric { get; init; }
    public required DateOnly From { get; init; }

    /// <summary>Last day of the range, inclusive.</summary>
    public required DateOnly To { get; init; }

    public decimal? Target { get; init; }
    public PayAmount? Bonus { get; init; }
    public decimal? PerUnit { get; init; }
}

/// <summary>A kicker that raises pay: what the components it applies to earned (after their caps) times
/// <see cref="Factor"/>, in the <see cref="Periods"/> listed (every period when absent; the plan's periods, so a quarterly
/// plan's multiplier names quarters) and while <see cref="Condition"/> holds (always when absent): "× 1.2 in the December
/// sale", "× 1.1 while NPS is at least 9". The extra is a line of its own, capped by <c>maxPayout</c>. Multipliers apply in
/// the order written, each to what the ones before left, so they multiply one another (× 1.2 and × 1.1 pay × 1.32); gates,
/// which lower pay, apply after them, to the raised amount.</summary>
public sealed record MultiplierComponent : Component
{
    public MultiplierComponent() : base(ComponentKind.Multiplier) { }

    /// <summary>Above 1 and at most <see cref="MaxFactor"/> (1.2 = 20 % more).</summary>
    public required decimal Factor { get; init; }

    public IReadOnlyList<string>? Periods { get; init; }
    public MetricCondition? Condition { get; init; }

    /// <summary>Ids of the raised components; every paying component when absent.</summary>
    public IReadOnlyList<string>? AppliesTo { get; init; }

    public const decimal MaxFactor = 10m;

    /// <summary>Enough for a season, a product and a condition or two; few enough that their product stays a sane number.</summary>
    public const int MaxPerAssignment = 5;

    public bool AppliesIn(string period) => Periods is null || Periods.Contains(period);
}
