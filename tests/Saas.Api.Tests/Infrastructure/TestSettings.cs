namespace Saas.Api.Tests.Infrastructure;

/// <summary>The configuration every test API runs with: its database, the issuer it is reached at, its key ring's certificate, a
/// partner client and a frontend registered as configuration would, and limits generous enough that only the tests of the limiter
/// meet them.</summary>
public static class TestSettings
{
    public const string PartnerId = "test-partner";
    public const string PartnerSecret = "test-partner-secret-0123456789";
    public const string FrontendId = "test-frontend";
    public const string FrontendRedirect = "http://127.0.0.1/callback";

    public static Dictionary<string, string?> For(string applicationConnectionString, string issuer, string? ownerConnectionString = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = applicationConnectionString,
            ["ConnectionStrings:Migrations"] = ownerConnectionString ?? "",
            ["Database:MigrateOnStartup"] = ownerConnectionString is null ? "false" : "true",
            ["Auth:Issuer"] = issuer,
            ["DataProtection:Certificate:Path"] = TestKeyRing.CertificatePath,
            ["DataProtection:Certificate:Password"] = TestKeyRing.Password,
            ["Auth:ApiKeyEnvironment"] = "test",
            ["Auth:BootstrapClients:0:ClientId"] = PartnerId,
            ["Auth:BootstrapClients:0:Secret"] = PartnerSecret,
            ["Auth:BootstrapClients:0:Scopes:0"] = "partner",
            ["Auth:BootstrapClients:1:ClientId"] = FrontendId,
            ["Auth:BootstrapClients:1:Scopes:0"] = "api",
            ["Auth:BootstrapClients:1:Scopes:1"] = "offline_access",
            ["Auth:BootstrapClients:1:Scopes:2"] = "openid",
            ["Auth:BootstrapClients:1:RedirectUris:0"] = FrontendRedirect,
            ["Auth:BootstrapClients:1:PartnerClientId"] = PartnerId,
            ["RateLimits:PerTenantPerMinute"] = "100000",
            ["RateLimits:PerApiKeyPerMinute"] = "100000",
            ["RateLimits:PerClientPerMinute"] = "100000",
            ["RateLimits:AnonymousPerMinute"] = "100000",
            ["RateLimits:TokenRequestsPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        return settings;
    }
}
