using Saas.Engine.Metrics;

namespace Saas.Api.Features.Plans;

/// <summary>Metric values as simulations and reviews take them in JSON, as the engine reads them.</summary>
internal static class MetricInputs
{
    public static MetricValues Values(Dictionary<string, decimal>? values) => values is null ? MetricValues.Empty : new MetricValues(values);

    public static Dictionary<string, MetricValues> Groups(Dictionary<string, Dictionary<string, decimal>>? groups) =>
        groups?.ToDictionary(g => g.Key, g => new MetricValues(g.Value), StringComparer.Ordinal) ?? [];
}
