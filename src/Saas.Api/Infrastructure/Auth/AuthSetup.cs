using Microsoft.AspNetCore.Authentication;
using Npgsql;
using OpenIddict.EntityFrameworkCore.Models;
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
            .ValidateOnStart();
        services.AddKeyRing(configuration);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ExternalIssuerMetadata>();
        services.AddHostedService<SigningKeyRotation>();
        services.AddHostedService<ClientBootstrap>();
        services.AddDbContext<TokenServiceStore>((provider, options) => TokenServiceStore.Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddOpenIddict().AddCore(core =>
        {
            core.UseEntityFrameworkCore().UseDbContext<TokenServiceStore>().ReplaceDefaultEntities<Guid>();
            core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication<Guid>, ClientApplicationManager>();
        });
        services.AddScoped<ClientDirectory>();

        services.AddAuthentication(DefaultScheme)
            // An API key and a bearer token are different callers: the header present decides which one this is.
            .AddPolicyScheme(DefaultScheme, DefaultScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(OpenApiSetup.ApiKeyHeader) ? ApiKeyHandler.SchemeName : AccessTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
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
