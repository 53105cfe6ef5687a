using Saas.Engine.Plans;

namespace Saas.Engine.Progress;

/// <summary>One component of a plan in force, part-way through its period: where it stands, where the pace leads, and what
/// the next step that pays takes. <see cref="Amount"/> is what its statement lines come to now (provisional).</summary>
public sealed record ComponentProgress
{
    public required string Id { get; init; }
    public required ComponentKind Kind { get; init; }
    public string? Label { get; init; }
    public string? Metric { get; init; }
    public decimal? Actual { get; init; }
    public decimal? Target { get; init; }

    /// <summary>A fraction: 1.1 = 110 %.</summary>
    public decimal? Attainment { get; init; }

    public required decimal Amount { get; init; }

    /// <summary>The metric at the period's end if the pace so far holds (<see cref="Projection"/>).</summary>
    public decimal? ProjectedActual { get; init; }

    public decimal? ProjectedAttainment { get; init; }

    /// <summary>Whether the projection reaches the target (a gate: holds); null when there is no target or no pace yet.</summary>
    public bool? OnPace { get; init; }

    /// <summary>How many of the component's paying steps (threshold, tiers, sliding steps, conditions, growth or spif targets) the
    /// actual has reached.</summary>
    public int Reached { get; init; }

    public NextStep? NextStep { get; init; }
    public GateStatus? Gate { get; init; }
}

public enum StepKind
{
    /// <summary>The attainment below which the component pays nothing.</summary>
    Threshold,

    /// <summary>The next tier of an attainment curve or of per-unit rates.</summary>
    Tier,

    /// <summary>The next full step of a sliding bonus.</summary>
    Step,

    /// <summary>The condition per-unit pay needs.</summary>
    Condition,

    /// <summary>The improvement on the previous period that a growth bonus needs.</summary>
    Growth,

    /// <summary>A spif's target.</summary>
    Spif,
}

/// <summary>The nearest value of <see cref="Metric"/> at which the component pays more: <see cref="Distance"/> away from
/// <see cref="Actual"/>, worth <see cref="Gain"/> on the total (the engine's own arithmetic, gates and caps included).</summary>
public sealed record NextStep(StepKind Kind, string Metric, decimal Actual, decimal Value, decimal Distance, decimal Gain, string Text);

/// <summary>A gate part-way through the period. <see cref="Withheld"/> is what it holds back now (0 when met).</summary>
public sealed record GateStatus(bool Met, bool? ProjectedMet, bool AtRisk, decimal Withheld, string Text);
