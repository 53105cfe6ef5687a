using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Webhooks;

/// <summary><c>/api/v1/webhooks</c>: subscriptions and their delivery log, for admins only.</summary>
public sealed class WebhooksGroup : Group
{
    public WebhooksGroup() => Configure("webhooks", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Webhooks"));
        endpoint.Policies(Policies.TenantAdmin);
    });
}
