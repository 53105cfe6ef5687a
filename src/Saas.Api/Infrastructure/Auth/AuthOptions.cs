namespace Saas.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The audience of every access token this API accepts.</summary>
    public const string Audience = "saas-api";

    /// <summary>The issuer URL: the base address clients reach the token service at (no trailing slash).</summary>
    public string Issuer { get; set; } = "http://localhost:5080";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan ActivationTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one signing key signs before its successor takes over.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a successor key is published in JWKS before it starts signing, so that clients
    /// caching the JWKS know it before they see a token signed with it.</summary>
    public TimeSpan SigningKeyPublishAhead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a token's caller, once found live, is trusted without asking the database again. A suspension, a
    /// deactivation or a revocation made through another instance (or in the database) stops the caller's tokens within it;
    /// one made through this instance, at once. Zero asks on every request.</summary>
    public TimeSpan LiveCallerCache { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shown in API keys (<c>sk_live_…</c>), so a test key is not mistaken for a production one.</summary>
    public string ApiKeyEnvironment { get; set; } = "live";

    /// <summary>Clients registered at start-up from configuration (the development partner, say).</summary>
    public List<BootstrapClient> BootstrapClients { get; set; } = [];

    /// <summary>Optionally also accept access tokens of an external issuer (Keycloak, Duende, Entra ID),
    /// discovered from its metadata. Its tokens must carry <c>tenant_id</c> and <c>role</c> claims.</summary>
    public ExternalIssuerOptions? ExternalIssuer { get; set; }
}

/// <summary>A client registered from configuration: confidential when it has a secret, public otherwise.</summary>
public sealed class BootstrapClient
{
    public string ClientId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
    /// <summary>Absolute, or a path (<c>/swagger/oauth2-redirect.html</c>) on <see cref="AuthOptions.Issuer"/>: a client served by
    /// this API itself then follows the address the API is served at.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public IEnumerable<string> RedirectUrisAt(string issuer) => RedirectUris.Select(uri => uri.StartsWith('/') ? issuer + uri : uri);

    /// <summary>For a frontend: where the end-session endpoint may send the browser after a sign-out, absolute or a path on
    /// <see cref="AuthOptions.Issuer"/> as the redirect URIs.</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public IEnumerable<string> PostLogoutRedirectUrisAt(string issuer) => PostLogoutRedirectUris.Select(uri => uri.StartsWith('/') ? issuer + uri : uri);

    /// <summary>For a frontend: the origins it calls the API from (CORS); by default those of its redirect URIs.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>For a frontend: the partner whose tenants' users sign in through it.</summary>
    public string? PartnerClientId { get; set; }
}

public sealed class ExternalIssuerOptions
{
    /// <summary>The issuer URL; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience its tokens carry for this API.</summary>
    public string Audience { get; set; } = AuthOptions.Audience;

    /// <summary>Plain HTTP metadata only for development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
