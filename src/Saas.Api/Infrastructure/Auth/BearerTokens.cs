using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Infrastructure.Auth;

/// <summary><c>Authorization: Bearer</c> access tokens, validated by ASP.NET Core's JWT bearer handler: this API's own against
/// the keys its signing key store publishes, and, when <c>Auth:ExternalIssuer</c> is set, that issuer's against its discovery
/// document. Signature, issuer, audience, lifetime (30 s of skew), <c>typ</c> and an algorithm allow-list are checked; then the
/// caller must still be live (<see cref="LiveCallers"/>). Refusals say only what RFC 6750 §3 asks: <c>Bearer
/// error="invalid_token"</c> for a token sent and refused, <c>Bearer</c> without one, <c>Bearer error="insufficient_scope"</c>
/// for a token that does not allow the call; why a token was refused is logged, not told.</summary>
public static class BearerTokens
{
    /// <summary>The scheme the policies name: it forwards to <see cref="OwnScheme"/> or <see cref="ExternalScheme"/> by the
    /// token's issuer.</summary>
    public const string SchemeName = "Bearer";

    public const string OwnScheme = "Bearer.Own";
    public const string ExternalScheme = "Bearer.External";

    private static readonly string[] ExternalAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSsaPssSha256];

    public static AuthenticationBuilder AddBearerTokens(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddSingleton<OwnIssuerConfiguration>();
        authentication
            .AddPolicyScheme(SchemeName, SchemeName, _ => { })
            .AddJwtBearer(OwnScheme, _ => { })
            .AddJwtBearer(ExternalScheme, _ => { });

        // Only when an external issuer is configured is a token's issuer read before it is validated, to choose the scheme.
        services.AddOptions<PolicySchemeOptions>(SchemeName).Configure<IOptions<AuthOptions>>((scheme, auth) =>
        {
            var external = auth.Value.ExternalIssuer is { Authority.Length: > 0 };
            var issuer = auth.Value.Issuer;
            scheme.ForwardDefaultSelector = context => external && IssuerOf(context.Request) is { } tokenIssuer && tokenIssuer != issuer
                ? ExternalScheme
                : OwnScheme;
        });
        services.AddOptions<JwtBearerOptions>(OwnScheme).Configure<OwnIssuerConfiguration, LiveCallers, TimeProvider>((bearer, issuer, live, time) =>
        {
            bearer.ConfigurationManager = issuer;
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = AuthOptions.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidTypes = ["at+jwt"],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ClaimNames.Subject,
                RoleClaimType = ClaimNames.Role,
            };
            bearer.Events = Events(live, new ValidatedTokens(time), own: true);
        });
        services.AddOptions<JwtBearerOptions>(ExternalScheme).Configure<IOptions<AuthOptions>, LiveCallers, TimeProvider>((bearer, auth, live, time) =>
        {
            if (auth.Value.ExternalIssuer is not { Authority.Length: > 0 } external)
                return;
            bearer.Authority = external.Authority.TrimEnd('/');
            bearer.RequireHttpsMetadata = external.RequireHttpsMetadata;
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = external.Audience,
                ValidAlgorithms = ExternalAlgorithms,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ClaimNames.Subject,
                RoleClaimType = ClaimNames.Role,
            };
            bearer.Events = Events(live, new ValidatedTokens(time), own: false);
        });
        return authentication;
    }

    private static JwtBearerEvents Events(LiveCallers live, ValidatedTokens validated, bool own) => new()
    {
        // A token this instance validated before is taken as it was, while it lasts; its caller must still be live.
        OnMessageReceived = async context =>
        {
            if (BearerToken(context.Request) is not { } token || validated.Find(token) is not { } principal)
                return;
            if (await ConfirmLiveAsync(context, live, principal, own))
            {
                context.Principal = principal;
                context.Success();
            }
        },
        // The handler turns any exception into a refused token. A database that cannot answer (the keys, the live-caller
        // query) is not a bad token: it goes on to the API's answer for that, 503 with Retry-After, as before.
        OnAuthenticationFailed = context =>
        {
            if (context.Exception is DbException or OperationCanceledException)
                ExceptionDispatchInfo.Throw(context.Exception);
            return Task.CompletedTask;
        },
        OnTokenValidated = async context =>
        {
            if (await ConfirmLiveAsync(context, live, context.Principal!, own) && BearerToken(context.Request) is { } token)
                validated.Remember(token, context.Principal!, context.SecurityToken.ValidTo);
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            // Nobody is left to answer: the request log says 499, as for any request its client abandoned.
            if (context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                return;
            }
            // A valid API key is a credential, only not one this endpoint takes: that is 403 with what to use, not 401.
            if (context.Request.Headers.Authorization.Count == 0 && context.Request.Headers.ContainsKey(OpenApiSetup.ApiKeyHeader)
                && (await context.HttpContext.AuthenticateAsync(ApiKeyHandler.SchemeName)).Succeeded)
            {
                await Problems.Of(ProblemTypes.Forbidden,
                    "API keys cannot call this endpoint: it answers users and partners signed in with OAuth (a bearer token). " +
                    "An integration's key reaches /api/v1/actuals and /api/v1/api-keys/current.").ExecuteAsync(context.HttpContext);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = context.Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        },
        OnForbidden = context =>
        {
            // A policy that also accepts API keys forbids through both schemes; the Bearer answer belongs only to a caller that
            // sent a bearer token.
            if (BearerToken(context.Request) is not null)
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
            return Task.CompletedTask;
        },
    };

    /// <summary>Whether the token's caller is still live; when not, or when the client went away while the API asked, the
    /// authentication fails here: an exception would reach the handler, which logs it as an error though nobody is left to answer.</summary>
    private static async Task<bool> ConfirmLiveAsync(ResultContext<JwtBearerOptions> context, LiveCallers live, ClaimsPrincipal principal, bool own)
    {
        try
        {
            if (await live.IsLiveAsync(principal, own, context.HttpContext.RequestAborted))
                return true;
            context.Fail("The token's tenant, user, sign-in or client is no longer active.");
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.Fail("The client went away while its caller was being checked.");
        }
        return false;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string? IssuerOf(HttpRequest request)
    {
        if (BearerToken(request) is not { } token)
            return null;
        try
        {
            return new JsonWebToken(token).Issuer;
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return null; // not a JWT: the own scheme refuses it
        }
    }
}

/// <summary>This API's own issuer as the JWT bearer handler reads an issuer's metadata: its identifier as configured and the keys
/// the signing key store publishes (the successor before it signs, predecessors until their tokens expire). A token whose key
/// is unknown asks for a refresh, and the store reloads: another instance may have just created the key.</summary>
public sealed class OwnIssuerConfiguration(SigningKeyStore keys, IOptions<AuthOptions> options) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private sealed record Snapshot(IReadOnlyList<SigningKey> Keys, OpenIdConnectConfiguration Configuration);

    private Snapshot? _last;
    private volatile bool _reload;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var reload = _reload;
        _reload = false;
        var published = await keys.GetPublishedKeysAsync(cancel, reload);
        if (_last is { } last && last.Keys.SequenceEqual(published))
            return last.Configuration;
        var configuration = new OpenIdConnectConfiguration { Issuer = options.Value.Issuer };
        foreach (var key in published)
            configuration.SigningKeys.Add(key.Key);
        _last = new Snapshot(published, configuration);
        return configuration;
    }

    public void RequestRefresh() => _reload = true;
}
