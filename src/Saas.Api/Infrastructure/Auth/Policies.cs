using Microsoft.AspNetCore.Authorization;
using Saas.Api.Infrastructure.Tenancy;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Who may call what. Tenant users carry <c>tenant_id</c> and <c>role</c> claims
/// (<c>admin</c>, <c>manager</c>, <c>employee</c>).</summary>
public static class Policies
{
    public const string RoleClaim = "role";

    /// <summary>Any user of a tenant, employees included.</summary>
    public const string TenantUser = "tenant-user";

    /// <summary>Managers and admins: read team data.</summary>
    public const string TenantManager = "tenant-manager";

    /// <summary>Admins: settings, users, keys, activation, approval and other writes.</summary>
    public const string TenantAdmin = "tenant-admin";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(TenantUser, policy => policy.RequireAuthenticatedUser().RequireClaim(TenantContext.TenantClaim)
            .RequireClaim(RoleClaim, "admin", "manager", "employee"));
        options.AddPolicy(TenantManager, policy => policy.RequireAuthenticatedUser().RequireClaim(TenantContext.TenantClaim)
            .RequireClaim(RoleClaim, "admin", "manager"));
        options.AddPolicy(TenantAdmin, policy => policy.RequireAuthenticatedUser().RequireClaim(TenantContext.TenantClaim)
            .RequireClaim(RoleClaim, "admin"));
        // Secure by default: an endpoint that names no policy still needs an authenticated caller.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
