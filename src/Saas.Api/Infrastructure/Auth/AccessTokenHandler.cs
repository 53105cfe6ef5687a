using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Validates <c>Authorization: Bearer</c> access tokens: this API's own (keys from the signing key
/// store) or, when configured, an external issuer's (keys from its discovery document). Signature, issuer,
/// audience, lifetime, <c>typ</c> and an algorithm allow-list are all checked; then the caller must still be
/// live: a suspended tenant, a deactivated user, a revoked sign-in, a changed role or employee link, or a disabled
/// client fail at once.</summary>
public sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SigningKeyStore keys,
    IOptions<AuthOptions> authOptions,
    ExternalIssuerMetadata externalIssuer,
    LiveCallers live)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] OwnAlgorithms = [SecurityAlgorithms.RsaSha256];
    private static readonly string[] ExternalAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSsaPssSha256];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken() is not { } token)
            return AuthenticateResult.NoResult();
        JsonWebToken unverified;
        try
        {
            unverified = Handler.ReadJsonWebToken(token);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return AuthenticateResult.Fail("The access token is not a well-formed JWT.");
        }
        var own = unverified.Issuer == authOptions.Value.Issuer || externalIssuer.Authority is null;
        var parameters = own
            ? await OwnParametersAsync(unverified.Kid)
            : await externalIssuer.ParametersAsync(ExternalAlgorithms, Context.RequestAborted);
        if (parameters is null)
            return AuthenticateResult.Fail("The token's signing key is unknown.");

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            return AuthenticateResult.Fail(result.Exception?.Message ?? "The access token is invalid.");

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        if (!await live.IsLiveAsync(principal, own, Context.RequestAborted))
            return AuthenticateResult.Fail("The token's tenant, user, session or client is no longer active.");
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 §3: tell the client which scheme, and that a presented token was rejected.
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        // RFC 6750 §3.1: a valid token that does not allow the call. A policy that also accepts API keys forbids through both
        // schemes; the Bearer challenge belongs only to a caller that sent a bearer token.
        if (BearerToken() is not null)
            Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
        return Task.CompletedTask;
    }

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private async Task<TokenValidationParameters?> OwnParametersAsync(string? kid)
    {
        var key = await keys.FindAsync(kid, Context.RequestAborted);
        if (key is null)
            return null;
        return new TokenValidationParameters
        {
            ValidIssuer = authOptions.Value.Issuer,
            ValidAudience = AuthOptions.Audience,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = OwnAlgorithms,
            ValidTypes = ["at+jwt"],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = ClaimNames.Subject,
            RoleClaimType = ClaimNames.Role,
        };
    }
}

/// <summary>The external issuer's discovery metadata and keys, fetched and refreshed by
/// <see cref="ConfigurationManager{T}"/> (a day between refreshes, sooner after a key it did not know).</summary>
public sealed class ExternalIssuerMetadata
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _configuration;
    private readonly ExternalIssuerOptions? _options;

    public ExternalIssuerMetadata(IOptions<AuthOptions> options)
    {
        _options = options.Value.ExternalIssuer is { Authority.Length: > 0 } external ? external : null;
        if (_options is null)
            return;
        var metadata = _options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = _options.RequireHttpsMetadata });
    }

    public string? Authority => _options?.Authority;

    public async Task<TokenValidationParameters?> ParametersAsync(string[] algorithms, CancellationToken cancellationToken)
    {
        if (_configuration is null || _options is null)
            return null;
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _configuration.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null; // metadata unreachable: the token cannot be verified now
        }
        return new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = ClaimNames.Subject,
            RoleClaimType = ClaimNames.Role,
        };
    }
}
