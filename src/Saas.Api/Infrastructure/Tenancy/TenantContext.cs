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
    public static Guid? FromPrincipal(ClaimsPrincipal? principal)
    {
        // Read for every request by the request log, its log scope and the unit of work: a loop, not a query of the claims.
        string? only = null;
        foreach (var identity in principal?.Identities ?? [])
            foreach (var claim in identity.Claims)
            {
                if (!string.Equals(claim.Type, Auth.ClaimNames.Tenant, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (only is not null && only != claim.Value)
                    return null;
                only = claim.Value;
            }
        return Guid.TryParse(only, out var id) ? id : null;
    }
}
