using System.Security.Claims;

namespace Saas.Api.Infrastructure.Tenancy;

/// <summary>The tenant of the current request, resolved from the caller's identity (the <c>tenant_id</c>
/// claim of a user token or of an API key). Partner and platform requests have none.</summary>
public sealed class TenantContext(IHttpContextAccessor accessor)
{
    public Guid? TenantId => FromPrincipal(accessor.HttpContext?.User);

    public Guid RequiredTenantId => TenantId
        ?? throw new InvalidOperationException("This operation needs a tenant, and the caller has none. Tenant routes must require the tenant policy.");

    /// <summary>The one tenant the principal names. A request carries one credential (<see cref="Auth.OneCredential"/>); a
    /// principal that names two tenants anyway is nobody's tenant, never the first one found.</summary>
    public static Guid? FromPrincipal(ClaimsPrincipal? principal) =>
        principal?.FindAll(Auth.ClaimNames.Tenant).Select(claim => claim.Value).Distinct().ToList() is [var only] && Guid.TryParse(only, out var id)
            ? id
            : null;
}
