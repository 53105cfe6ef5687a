using System.Security.Claims;
using OpenIddict.Abstractions;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Identity;

/// <summary>A user as the token service sees them, with their tenant's state.</summary>
public sealed record SignInUser(Guid TenantId, Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status,
    string? PasswordHash, string TenantName, string TenantStatus, string? PartnerClientId)
{
    public bool CanSignIn => Status == "active" && TenantStatus == "active";

    public static Task<SignInUser?> LoadAsync(UnitOfWork work, Guid userId) =>
        work.QuerySingleOrDefaultAsync<SignInUser>("""
            select u.tenant_id, u.id, u.email, u.full_name, u.role, u.employee_id, u.status, u.password_hash,
                   t.name as tenant_name, t.status as tenant_status, t.partner_client_id
            from users u join tenants t on t.id = u.tenant_id
            where u.tenant_id = @TenantId and u.id = @userId
            """, new { work.TenantId, userId });

    /// <summary>The user a code, refresh token or access token speaks for (its tenant and subject), or null when it names none.</summary>
    public static async Task<SignInUser?> OfTokenAsync(PlatformDb db, ClaimsPrincipal token, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(token.GetClaim(ClaimNames.Tenant), out var tenantId)
            || !Guid.TryParse(token.GetClaim(OpenIddictConstants.Claims.Subject), out var userId))
            return null;
        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        return await LoadAsync(work, userId);
    }
}
