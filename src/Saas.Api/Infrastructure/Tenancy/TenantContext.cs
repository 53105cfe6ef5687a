using System.Security.Claims;

namespace Saas.Api.Infrastructure.Tenancy;

/// <summary>The tenant of the current request, resolved from the caller's identity (the <c>tenant_id</c>
/// claim of a user token or of an API key). Partner and platform requests have none.</summary>
public sealed class TenantContext(IHttpContextAccessor accessor)
{
    public Guid? TenantId => FromPrincipal(accessor.HttpContext?.User);

    public Guid RequiredTenantId => TenantId
        ?? throw new InvalidOperationException("This operation needs a tenant, and the caller has none. Tenant routes must require the tenant policy.");

    public static Guid? FromPrincipal(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(Auth.ClaimNames.Tenant), out var id) ? id : null;
}
