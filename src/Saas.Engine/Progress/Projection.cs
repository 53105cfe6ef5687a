using Saas.Engine.Metrics;

namespace Saas.Engine.Progress;

/// <summary>Where a metric ends the period if the pace so far holds. Counts and sums (leads, SQL, revenue) accumulate, so
/// they end at <c>actual ÷ elapsed</c>; ratios (conversions, compliance, CPL) and medians do not grow with time, so the best
/// guess of their end is their value now.</summary>
public static class Projection
{
    public static bool Accumulates(string metric) =>
        MetricCatalogue.TryGet(metric, out var definition) && definition is { Denominator: null, Unit: MetricUnit.Count or MetricUnit.Money };

    /// <summary>The value at the period's end; the value itself once the period is over, null before any of it has passed.</summary>
    public static decimal? Of(string metric, decimal actual, PeriodPace pace) =>
        !Accumulates(metric) ? actual
        : pace.NotStarted ? null
        : pace.Elapsed >= 1 ? actual
        : actual / pace.Elapsed;

    public static MetricValues Of(MetricValues values, PeriodPace pace) =>
        new(values.Select(pair => KeyValuePair.Create(pair.Key, Of(pair.Key, pair.Value, pace) ?? pair.Value)));
}
