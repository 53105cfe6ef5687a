namespace Saas.Api.Infrastructure.Auth;

public static class Scopes
{
    public const string Partner = "partner";
    public const string Api = "api";
    public const string OfflineAccess = "offline_access";
    public const string OpenId = "openid";
    public const string ActualsWrite = "actuals:write";
    public const string ActualsRead = "actuals:read";

    /// <summary>What a user may ask a frontend for.</summary>
    public static readonly string[] UserScopes = [Api, OfflineAccess, OpenId];

    public static readonly string[] ApiKeyScopes = [ActualsWrite, ActualsRead];
}

/// <summary>Claim types of this API's tokens and principals (JWT names, not mapped to .NET's long URIs).</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Tenant = "tenant_id";
    public const string Role = "role";
    public const string Employee = "employee_id";
    public const string Scope = "scope";
    public const string ClientId = "client_id";
    public const string ApiKey = "api_key_id";
}
