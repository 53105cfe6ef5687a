using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Plans;

/// <summary><c>/api/v1/plans</c>: managers and admins read and simulate plans; admins write, activate and review them.</summary>
public sealed class PlansGroup : Group
{
    public PlansGroup() => Configure("plans", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Plans"));
        endpoint.Policies(Policies.TenantManager);
    });
}
