using FastEndpoints;

namespace Saas.Api.Features.Tenant;

/// <summary><c>/api/v1/tenant</c>, the caller's own company: every user reads it, admins change it (each endpoint names
/// its policy, as they share none).</summary>
public sealed class TenantGroup : Group
{
    public TenantGroup() => Configure("tenant", endpoint => endpoint.Description(route => route.WithTags("Tenant")));
}
