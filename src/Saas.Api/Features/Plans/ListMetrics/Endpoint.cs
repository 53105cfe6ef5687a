using FastEndpoints;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Plans.ListMetrics;

/// <summary>The metric catalogue that plans, simulations and reports name metrics from, so that a plan editor
/// can offer them with their meaning, unit and direction. Under <c>/api/v1/metrics</c>, readable by every tenant user.</summary>
public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("metrics");
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("ListMetrics").WithTags("Plans"));
        Summary(summary => summary.Summary = "List the metric catalogue that plans name metrics from");
    }

    public override Task HandleAsync(CancellationToken cancellationToken) => Send.OkAsync(new Response(MetricCatalogue.All), cancellationToken);
}
