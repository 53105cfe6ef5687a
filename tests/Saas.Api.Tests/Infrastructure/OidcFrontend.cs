using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A server-side web frontend as a partner would build one with a standard OpenID Connect client library, OpenIddict's
/// client, used as shipped: it learns everything from the API's discovery document and validates every answer itself (state,
/// <c>iss</c> on the authorization response, PKCE S256, nonce, the ID token's signature from the JWKS, its <c>iss</c> and
/// <c>aud</c>; after the code exchange it asks the userinfo endpoint and checks its <c>sub</c>). <c>GET /login</c> starts the
/// code flow (<c>?prompt=…</c> passes through); <c>GET /callback/login</c> answers what the client accepted as JSON, or the
/// error it raised. <c>GET /logout?id_token_hint=…</c> signs out at the end-session endpoint, and <c>GET /callback/logout</c>
/// answers whether the client accepted the way back (its <c>state</c>). <see cref="Client"/> does the backchannel flows
/// (refresh, revocation, introspection, client credentials) with the same configuration.</summary>
public sealed class OidcFrontend : IAsyncDisposable
{
    /// <summary>The frontend's own registration: a public client (no secret), signing users in with the code flow.</summary>
    public const string UserRegistration = "frontend";

    /// <summary>The test partner's registration (client credentials with its secret), on the same issuer.</summary>
    public const string PartnerRegistration = "partner";

    private readonly WebApplication _app;

    private OidcFrontend(WebApplication app, string origin, string clientId)
    {
        _app = app;
        Origin = origin;
        ClientId = clientId;
    }

    /// <summary><c>http://127.0.0.1:port</c>, another origin than the API's.</summary>
    public string Origin { get; }

    public string ClientId { get; }

    public string RedirectUri => Origin + "/callback/login";

    public string PostLogoutRedirectUri => Origin + "/callback/logout";

    public OpenIddictClientService Client => _app.Services.GetRequiredService<OpenIddictClientService>();

    /// <summary>Registers a frontend of the test partner in the API (as configuration would) and starts it.</summary>
    public static async Task<OidcFrontend> StartAsync(ApiFactory api)
    {
        var origin = $"http://127.0.0.1:{FreePort()}";
        var clientId = "oidc-frontend-" + Guid.NewGuid().ToString("N")[..8];
        await TestClients.RegisterAsync(api.Services, new BootstrapClient
        {
            ClientId = clientId,
            Name = "OpenIddict client",
            Scopes = ["openid", "api", "offline_access"],
            RedirectUris = [origin + "/callback/login"],
            PostLogoutRedirectUris = [origin + "/callback/logout"],
            PartnerClientId = TestSettings.PartnerId,
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddClient(options =>
        {
            options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
            options.SetRedirectionEndpointUris("callback/login").SetPostLogoutRedirectionEndpointUris("callback/logout");
            // Test environment: keys for the client's own state tokens that live as long as the process, and no database for
            // the client's token entries (it would only remember which of its state tokens were redeemed; the server is not
            // involved).
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableTokenStorage();
            // Test environment: plain http on 127.0.0.1. The client refuses to run its endpoints over http, and marks its
            // correlation cookie Secure, which a client (HttpClient's CookieContainer like a browser) never sends over http.
            // Passthrough: the callback below answers, errors included (the client would otherwise write them as plain text).
            options.UseAspNetCore()
                .EnableRedirectionEndpointPassthrough()
                .EnablePostLogoutRedirectionEndpointPassthrough()
                .EnableErrorPassthrough()
                .DisableTransportSecurityRequirement()
                .Configure(aspNetCore => aspNetCore.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            options.UseSystemNetHttp();
            options.AddRegistration(new OpenIddictClientRegistration
            {
                RegistrationId = UserRegistration,
                Issuer = new Uri(api.BaseAddress, UriKind.Absolute),
                ClientId = clientId,
                RedirectUri = new Uri(origin + "/callback/login", UriKind.Absolute),
                PostLogoutRedirectUri = new Uri(origin + "/callback/logout", UriKind.Absolute),
                Scopes = { "openid", "api", "offline_access" },
            });
            options.AddRegistration(new OpenIddictClientRegistration
            {
                RegistrationId = PartnerRegistration,
                Issuer = new Uri(api.BaseAddress, UriKind.Absolute),
                ClientId = TestSettings.PartnerId,
                ClientSecret = TestSettings.PartnerSecret,
                Scopes = { "partner" },
            });
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", (string? prompt) =>
        {
            var properties = new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = UserRegistration,
            });
            if (prompt is not null)
                properties.SetParameter("prompt", prompt);
            return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
        });
        app.MapGet("/callback/login", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
            if (!result.Succeeded)
                return Results.Json(new Dictionary<string, string?>
                {
                    ["error"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error),
                    ["error_description"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription),
                }, statusCode: StatusCodes.Status400BadRequest);
            return Results.Json(new SignedIn(
                result.Principal.Claims.GroupBy(claim => claim.Type).ToDictionary(group => group.Key, group => group.Select(claim => claim.Value).ToArray()),
                result.Properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.BackchannelAccessToken),
                result.Properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.RefreshToken),
                result.Properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.BackchannelIdentityToken)));
        });
        app.MapGet("/logout", (string idTokenHint) =>
        {
            var properties = new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = UserRegistration,
                [OpenIddictClientAspNetCoreConstants.Properties.IdentityTokenHint] = idTokenHint,
            });
            return Results.SignOut(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
        });
        app.MapGet("/callback/logout", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
            return Results.Json(new Dictionary<string, string?>
            {
                ["signed_out"] = result.Succeeded ? "true" : "false",
                ["error"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error),
                ["error_description"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription),
            }, statusCode: result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        });
        await app.StartAsync();
        return new OidcFrontend(app, origin, clientId);
    }

    /// <summary>What the client accepted at the callback: the claims it validated, and the tokens of the code exchange.</summary>
    public sealed record SignedIn(Dictionary<string, string[]> Claims, string? AccessToken, string? RefreshToken, string? IdToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
