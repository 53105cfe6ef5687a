using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public const string DefaultScheme = "Default";

    public static IServiceCollection AddSaasAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => Uri.TryCreate(o.Issuer, UriKind.Absolute, out var issuer) && !o.Issuer.EndsWith('/') && issuer.Query.Length == 0,
                "Auth:Issuer must be the absolute base URL clients reach this API at, without a trailing slash (Auth__Issuer).")
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.AccessTokenLifetime <= TimeSpan.FromMinutes(15),
                "Auth:AccessTokenLifetime must be positive and at most 15 minutes.")
            .Validate(o => o.AuthorizationCodeLifetime > TimeSpan.Zero && o.AuthorizationCodeLifetime <= TimeSpan.FromSeconds(60),
                "Auth:AuthorizationCodeLifetime must be positive and at most 60 seconds.")
            .Validate(o => o.BootstrapClients.All(client => client.AllowedOrigins.All(origin => Http.Origins.Parse(origin) is not null)),
                "Auth:BootstrapClients:N:AllowedOrigins must be origins such as https://app.example (no path, not even '/').")
            .Validate(o => o.BootstrapClients.All(client => client.RedirectUrisAt(o.Issuer).All(uri => Uri.TryCreate(uri, UriKind.Absolute, out _))),
                "Auth:BootstrapClients:N:RedirectUris must be absolute URIs, or paths such as /swagger/oauth2-redirect.html on Auth:Issuer.")
            .Validate(o => o.BootstrapClients.All(client => client.PostLogoutRedirectUrisAt(o.Issuer).All(uri => Uri.TryCreate(uri, UriKind.Absolute, out _))),
                "Auth:BootstrapClients:N:PostLogoutRedirectUris must be absolute URIs, or paths on Auth:Issuer.")
            .ValidateOnStart();
        services.AddKeyRing(configuration);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<LiveCallers>();
        services.AddHostedService<SigningKeyRotation>();
        services.AddHostedService<ClientBootstrap>();
        services.AddSingleton<TokenStorePruning>();
        services.AddHostedService(provider => provider.GetRequiredService<TokenStorePruning>());
        services.AddDbContext<TokenServiceStore>((provider, options) => TokenServiceStore.Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<TokenServiceStore>().ReplaceDefaultEntities<Guid>();
                core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication<Guid>, ClientApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks.json");
                server.AllowAuthorizationCodeFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Api, Scopes.OfflineAccess, Scopes.Partner);
                server.RegisterClaims(ClaimNames.Subject, "iss", "aud", "exp", "iat", "auth_time", "nonce", ClaimNames.Tenant, ClaimNames.Role,
                    ClaimNames.Employee, "email", "name");
                // Refresh tokens rotate, and one presented twice revokes its whole sign-in at once, with no grace period.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Third parties validate access tokens with any JWT library from the JWKS: signed, not encrypted (RFC 9068).
                server.DisableAccessTokenEncryption();
                // Codes and refresh tokens are Data Protection payloads (the key ring in the database, encrypted at rest), access
                // and ID tokens JWTs signed with the keys of SigningKeyStore (TokenServiceHandlers.SignWithCurrentKey). So the
                // key OpenIddict requires at start-up for each role never signs or encrypts anything, and need not be shared.
                server.UseDataProtection().PreferDefaultAccessTokenFormat();
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();
                TokenServiceHandlers.Register(server);
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<AuthOptions>>((server, auth) =>
        {
            var settings = auth.Value;
            server.Issuer = new Uri(settings.Issuer);
            server.AccessTokenLifetime = settings.AccessTokenLifetime;
            server.IdentityTokenLifetime = settings.AccessTokenLifetime;
            server.AuthorizationCodeLifetime = settings.AuthorizationCodeLifetime;
            server.RefreshTokenLifetime = settings.RefreshTokenLifetime;
            // S256 only: with plain, an intercepted code could be redeemed.
            server.CodeChallengeMethods.Remove(OpenIddictConstants.CodeChallengeMethods.Plain);
            server.ResponseModes.Remove(OpenIddictConstants.ResponseModes.Fragment);
            server.ResponseModes.Remove(OpenIddictConstants.ResponseModes.FormPost);
            // Secrets, and public clients by their id alone (which discovery names "none"); no signed client assertions.
            server.ClientAuthenticationMethods.Remove(OpenIddictConstants.ClientAuthenticationMethods.PrivateKeyJwt);
            server.ClientAuthenticationMethods.Add("none");
        });
        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<AuthOptions>>((aspNetCore, auth) =>
            // Development and the tests serve plain HTTP on localhost; anywhere else the issuer is https.
            aspNetCore.DisableTransportSecurityRequirement = new Uri(auth.Value.Issuer).Scheme == Uri.UriSchemeHttp);
        services.AddScoped<ClientDirectory>();
        services.AddScoped<SignIns>();

        services.AddAuthentication(DefaultScheme)
            // An API key and a bearer token are different callers: the header present decides which one this is.
            .AddPolicyScheme(DefaultScheme, DefaultScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(OpenApiSetup.ApiKeyHeader) ? ApiKeyHandler.SchemeName : BearerTokens.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddBearerTokens();
        services.AddSingleton<IAuthenticationSchemeProvider, TokenServiceSchemes>();
        services.AddAuthorization(Policies.Configure);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "saas.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__RequestVerificationToken";
        });
        services.AddSaasRateLimits(configuration);
        return services;
    }

    /// <summary><c>--add-partner "Name"</c>: registers a partner client (scope <c>partner</c>) and prints its id
    /// and secret once. Partners exist only through configuration or this verb, never through an open endpoint.</summary>
    public static async Task<int?> RunAddPartnerCommandAsync(this WebApplication app, string[] args)
    {
        var index = Array.IndexOf(args, "--add-partner");
        if (index < 0)
            return null;
        if (index + 1 >= args.Length || string.IsNullOrWhiteSpace(args[index + 1]) || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("Usage: Saas.Api --add-partner \"Partner name\"");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var (clientId, secret) = await scope.ServiceProvider.GetRequiredService<ClientDirectory>().AddPartnerAsync(args[index + 1].Trim(), CancellationToken.None);
        Console.WriteLine($"client_id:     {clientId}");
        Console.WriteLine($"client_secret: {secret}");
        Console.WriteLine("Store the secret now: only its hash is kept.");
        return 0;
    }
}
