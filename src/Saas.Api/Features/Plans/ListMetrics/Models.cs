using Saas.Engine.Metrics;

namespace Saas.Api.Features.Plans.ListMetrics;

public sealed record Response(IReadOnlyList<MetricDefinition> Items);
