using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Partners;

/// <summary><c>/api/v1/partner</c>: what a partner (client credentials, scope <c>partner</c>) provisions: its tenants and
/// their frontends.</summary>
public sealed class PartnersGroup : Group
{
    public PartnersGroup() => Configure("partner", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Partners"));
        endpoint.Policies(Policies.Partner);
    });
}
