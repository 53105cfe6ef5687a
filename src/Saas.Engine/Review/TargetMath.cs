using Saas.Engine.Metrics;

namespace Saas.Engine.Review;

/// <summary>How a rule moves a target: toward a goal, by at most a fraction of the current target, rounded the way the
/// generator rounds (ratios four decimals, money the currency's minor unit, counts and minutes whole). When the limit
/// binds, rounding goes back toward the current target, so that "at most 30 %" holds after rounding too.</summary>
internal static class TargetMath
{
    /// <summary>The new target, or null when the goal is not in the wanted direction, the move rounds to nothing, or the
    /// result would not be a valid target (not above 0, above the metric's maximum).</summary>
    public static decimal? Move(decimal from, decimal goal, decimal limit, bool up, MetricDefinition metric, string currency)
    {
        if (from <= 0 || (up ? goal <= from : goal >= from))
            return null;
        var bound = up ? from * (1 + limit) : from * (1 - limit);
        var raw = up ? Math.Min(goal, bound) : Math.Max(goal, bound);
        if (metric.MaxValue is { } max && raw > max)
            raw = max;
        var rounded = Round(raw, metric.Unit, currency, MidpointRounding.AwayFromZero);
        if (up ? rounded > bound : rounded < bound)
            rounded = Round(raw, metric.Unit, currency, up ? MidpointRounding.ToNegativeInfinity : MidpointRounding.ToPositiveInfinity);
        if (metric.MaxValue is { } ceiling && rounded > ceiling)
            rounded = ceiling;
        if (rounded <= 0 || (up ? rounded <= from : rounded >= from))
            return null;
        return Trim(rounded);
    }

    public static decimal Round(decimal value, MetricUnit unit, string currency, MidpointRounding mode) => unit switch
    {
        MetricUnit.Ratio => Math.Round(value, 4, mode),
        MetricUnit.Money => Math.Round(value, Common.Currency.MinorUnitsOf(currency), mode),
        _ => Math.Round(value, 0, mode),
    };

    /// <summary>Same value without trailing zeros, so that a proposal writes 0.22 and not 0.2200.</summary>
    public static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;
}
