using Saas.Engine.Metrics;

namespace Saas.Api.Features.Plans;

/// <summary>The metric catalogue that plans, simulations and reports name metrics from, so that a plan editor
/// can offer them with their meaning, unit and direction.</summary>
public static class ListMetrics
{
    public sealed record Response(IReadOnlyList<MetricDefinition> Items);

    public static Response Handle() => new(MetricCatalogue.All);
}
