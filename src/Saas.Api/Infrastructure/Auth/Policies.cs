using Microsoft.AspNetCore.Authorization;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Who may call what. Users' tokens carry <c>tenant_id</c>, <c>role</c> (<c>admin</c>,
/// <c>manager</c>, <c>employee</c>) and scope <c>api</c>; partners' tokens scope <c>partner</c> and no tenant;
/// API keys authenticate with their own scheme, so a key never reaches a user or partner endpoint.</summary>
public static class Policies
{
    /// <summary>Any user of a tenant, employees included.</summary>
    public const string TenantUser = "tenant-user";

    /// <summary>Managers and admins: read team data.</summary>
    public const string TenantManager = "tenant-manager";

    /// <summary>Admins: settings, users, keys, activation, approval and other writes.</summary>
    public const string TenantAdmin = "tenant-admin";

    /// <summary>A partner's client: tenant provisioning and frontend registration.</summary>
    public const string Partner = "partner";

    /// <summary>Any integration's API key.</summary>
    public const string ApiKey = "api-key";

    /// <summary>An integration's API key with <c>actuals:write</c>, or a tenant admin.</summary>
    public const string ActualsWrite = "actuals-write";

    /// <summary>An integration's API key with <c>actuals:read</c>, or a tenant manager or admin.</summary>
    public const string ActualsRead = "actuals-read";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(TenantUser, policy => UserPolicy(policy, "admin", "manager", "employee"));
        options.AddPolicy(TenantManager, policy => UserPolicy(policy, "admin", "manager"));
        options.AddPolicy(TenantAdmin, policy => UserPolicy(policy, "admin"));
        options.AddPolicy(Partner, policy => policy
            .AddAuthenticationSchemes(BearerTokens.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => HasScope(context, Scopes.Partner) && !context.User.HasClaim(c => c.Type == ClaimNames.Tenant)));
        options.AddPolicy(ApiKey, policy => policy
            .AddAuthenticationSchemes(ApiKeyHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimNames.ApiKey)
            .RequireClaim(ClaimNames.Tenant));
        options.AddPolicy(ActualsWrite, policy => policy
            .AddAuthenticationSchemes(BearerTokens.SchemeName, ApiKeyHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimNames.Tenant)
            .RequireAssertion(context => IsApiKeyWith(context, Scopes.ActualsWrite) || IsUser(context, "admin")));
        options.AddPolicy(ActualsRead, policy => policy
            .AddAuthenticationSchemes(BearerTokens.SchemeName, ApiKeyHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimNames.Tenant)
            .RequireAssertion(context => IsApiKeyWith(context, Scopes.ActualsRead) || IsUser(context, "admin", "manager")));
        // Secure by default: an endpoint that names no policy still needs an authenticated caller.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    private static void UserPolicy(AuthorizationPolicyBuilder policy, params string[] roles) => policy
        .AddAuthenticationSchemes(BearerTokens.SchemeName)
        .RequireAuthenticatedUser()
        .RequireClaim(ClaimNames.Tenant)
        .RequireAssertion(context => IsUser(context, roles));

    private static bool IsUser(AuthorizationHandlerContext context, params string[] roles) =>
        context.User.Identities.Any(identity => identity.AuthenticationType != ApiKeyHandler.AuthenticationMethod
            && identity.HasClaim(c => c.Type == ClaimNames.Role && roles.Contains(c.Value))
            && identity.FindFirst(ClaimNames.Scope)?.Value.Split(' ').Contains(Scopes.Api) == true);

    private static bool IsApiKeyWith(AuthorizationHandlerContext context, string scope) =>
        context.User.Identities.Any(identity => identity.AuthenticationType == ApiKeyHandler.AuthenticationMethod
            && identity.FindFirst(ClaimNames.Scope)?.Value.Split(' ').Contains(scope) == true);

    private static bool HasScope(AuthorizationHandlerContext context, string scope) =>
        context.User.FindAll(ClaimNames.Scope).Any(claim => claim.Value.Split(' ').Contains(scope));
}
