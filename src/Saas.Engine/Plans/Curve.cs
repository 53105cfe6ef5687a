namespace Saas.Engine.Plans;

public enum CurveMode
{
    /// <summary>Payout factor = attainment.</summary>
    Linear,

    /// <summary>Each slice of attainment at its own tier's rate.</summary>
    Marginal,

    /// <summary>The whole attainment at the rate of the tier reached (retroactive).</summary>
    Flat,

    /// <summary>A table of (attainment, payout factor) points, linear in between.</summary>
    Interpolated,
}

/// <summary>How attainment turns into a payout factor (a fraction of <c>target variable pay × weight</c>).
/// Tiers (marginal, flat) start at attainment 0; rates below 1 before 100 % are decelerators, above 1 after it
/// accelerators. An interpolated table pays nothing below its first point and its last payout above its last.</summary>
public sealed record Curve
{
    public required CurveMode Mode { get; init; }
    public IReadOnlyList<Tier>? Tiers { get; init; }
    public IReadOnlyList<CurvePoint>? Points { get; init; }

    public static Curve Linear { get; } = new() { Mode = CurveMode.Linear };

    public static Curve Marginal(params Tier[] tiers) => new() { Mode = CurveMode.Marginal, Tiers = tiers };

    public static Curve Flat(params Tier[] tiers) => new() { Mode = CurveMode.Flat, Tiers = tiers };

    public static Curve Interpolated(params CurvePoint[] points) => new() { Mode = CurveMode.Interpolated, Points = points };
}

/// <summary>A tier starting at <paramref name="From"/> (inclusive) up to the next tier's start, paying
/// <paramref name="Rate"/> per unit of what is tiered.</summary>
public sealed record Tier(decimal From, decimal Rate);

/// <summary>At <paramref name="Attainment"/>, the curve pays <paramref name="Payout"/> (as a factor of the weighted target).</summary>
public sealed record CurvePoint(decimal Attainment, decimal Payout);
