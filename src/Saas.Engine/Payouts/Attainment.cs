using Saas.Engine.Metrics;

namespace Saas.Engine.Payouts;

/// <summary>How far a value is from its target, as a fraction (1.1 = 110 %), never below 0.</summary>
public static class Attainment
{
    /// <summary>Higher-is-better: <c>actual ÷ target</c>. Lower-is-better is the mirror, <c>2 − actual ÷ target</c>:
    /// each percent under target counts as a percent over it (CPL 800 against 1 000 is 120 %), and the value stays
    /// defined when the actual is 0 (no churn at all), which is also its best: a negative actual (a nonsense value) counts
    /// as 0, so it cannot pay more than perfection. A zero target is either met (100 %) or not (0 %).</summary>
    public static decimal Of(decimal actual, decimal target, MetricDirection direction)
    {
        if (target == 0)
            return (direction == MetricDirection.HigherIsBetter ? actual >= 0 : actual <= 0) ? 1m : 0m;
        var ratio = actual / target;
        return Math.Max(0m, direction == MetricDirection.HigherIsBetter ? ratio : 2m - Math.Max(0m, ratio));
    }

    /// <summary>The computation with its numbers, e.g. <c>0.22 / 0.2 = 1.1</c>.</summary>
    public static string Formula(decimal actual, decimal target, MetricDirection direction, decimal attainment)
    {
        var (a, t, r) = (PayoutContext.Inv(actual), PayoutContext.Inv(target), PayoutContext.Inv(attainment));
        if (target == 0)
            return $"{a} {(direction == MetricDirection.HigherIsBetter ? "≥" : "≤")} 0 ? 1 : 0 = {r}";
        var ratio = actual / target;
        if (direction == MetricDirection.LowerIsBetter && ratio < 0)
            return $"2 − max(0, {a} / {t}) = {r}";
        var expression = direction == MetricDirection.HigherIsBetter ? $"{a} / {t}" : $"2 − {a} / {t}";
        var clamped = direction == MetricDirection.HigherIsBetter ? ratio < 0 : ratio > 2;
        return clamped ? $"max(0, {expression}) = {r}" : $"{expression} = {r}";
    }
}
