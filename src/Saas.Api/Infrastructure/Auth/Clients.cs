using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>An OAuth client as the product sees it: its protocol part (name, kind, scopes, redirect URIs) from OpenIddict's
/// application store, its product part (the partner it belongs to, the origins a browser calls from, whether it is active)
/// from <c>oauth_clients</c>.</summary>
public sealed record OAuthClient
{
    public required string ClientId { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string[] Scopes { get; init; }
    public required string[] RedirectUris { get; init; }
    public required string[] PostLogoutRedirectUris { get; init; }
    public required string[] AllowedOrigins { get; init; }
    public string? PartnerClientId { get; init; }
    public required string Status { get; init; }

    /// <summary>The origins a browser frontend may call from: the ones named, else those of its redirect URIs; https
    /// only unless plain http is allowed (development).</summary>
    public static string[] OriginsOrDefault(IReadOnlyList<string>? named, IEnumerable<string> redirectUris, bool allowHttp) =>
        (named is { Count: > 0 } ? named.Select(origin => Http.Origins.Parse(origin)!) : redirectUris.Select(uri => Http.Origins.Of(new Uri(uri))))
        .Where(origin => Http.Origins.IsAllowedScheme(origin, allowHttp)).Distinct().Order(StringComparer.Ordinal).ToArray();

    public bool IsPublic => Kind == ClientTypes.Public;

    public bool IsActive => Status == "active";
}

/// <summary>OpenIddict's application manager, hashing client secrets as the product always has (ASP.NET Core Identity's
/// PBKDF2-HMAC-SHA512, 100 000 iterations) instead of OpenIddict's lighter default: the format is the one OpenIddict reads,
/// so secrets hashed before the move still verify, and an unknown client's decoy check costs what a real one does.</summary>
public sealed class ClientApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication<Guid>> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication<Guid>>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication<Guid>> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication<Guid>>(cache, logger, options, store)
{
    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        new(Passwords.Hash(secret));
}

/// <summary>Finds, registers and checks clients: OpenIddict's application manager holds what the protocol needs, and
/// <c>oauth_clients</c> the rest, written after the application and removed with it.</summary>
public sealed class ClientDirectory(IOpenIddictApplicationManager applications, NpgsqlDataSource dataSource)
{
    // Properties rather than a positional record: Npgsql reports text[] columns as System.Array, which Dapper's
    // constructor matching does not accept, while it assigns them to string[] properties fine.
    private sealed record ClientRow
    {
        public required string ClientId { get; init; }
        public required string[] AllowedOrigins { get; init; }
        public string? PartnerClientId { get; init; }
        public required string Status { get; init; }
    }

    private const string RowColumns = "client_id, allowed_origins, partner_client_id, status";

    /// <summary>The clients found in this scope: a token request asks for its client several times (its rate limit, the
    /// token service's checks, the endpoint), and once a request is enough.</summary>
    private readonly Dictionary<string, OAuthClient?> _found = new(StringComparer.Ordinal);

    public async Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        if (_found.TryGetValue(clientId, out var known))
            return known;
        // The connection goes back before the token service's store takes one of its own.
        ClientRow? row;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            row = await connection.QuerySingleOrDefaultAsync<ClientRow>(
                $"select {RowColumns} from oauth_clients where client_id = @clientId", new { clientId });
        return _found[clientId] = row is null ? null : await ToClientAsync(row, cancellationToken);
    }

    /// <summary>The frontends a partner registered, oldest first.</summary>
    public async Task<List<OAuthClient>> OfPartnerAsync(string partnerClientId, CancellationToken cancellationToken)
    {
        List<ClientRow> rows;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            rows = (await connection.QueryAsync<ClientRow>(
                $"select {RowColumns} from oauth_clients where partner_client_id = @partnerClientId order by created_at, client_id",
                new { partnerClientId })).ToList();
        var clients = new List<OAuthClient>(rows.Count);
        foreach (var row in rows)
            if (await ToClientAsync(row, cancellationToken) is { } client)
                clients.Add(client);
        return clients;
    }

    /// <summary>Registers a confidential partner client (scope <c>partner</c>) and returns its secret, shown once.</summary>
    public async Task<(string ClientId, string Secret)> AddPartnerAsync(string name, CancellationToken cancellationToken)
    {
        var clientId = "partner-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await SaveAsync(Descriptor(clientId, name, secret, [Auth.Scopes.Partner], [], []), [], partnerClientId: null, cancellationToken);
        return (clientId, secret);
    }

    /// <summary>Registers a partner's frontend: a public client with PKCE.</summary>
    public async Task<OAuthClient> AddFrontendAsync(string partnerClientId, string name, IReadOnlyList<string> redirectUris,
        IReadOnlyList<string> postLogoutRedirectUris, string[] allowedOrigins, CancellationToken cancellationToken)
    {
        var clientId = "app-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await SaveAsync(Descriptor(clientId, name, secret: null, Auth.Scopes.UserScopes, redirectUris, postLogoutRedirectUris), allowedOrigins,
            partnerClientId, cancellationToken);
        return new OAuthClient
        {
            ClientId = clientId,
            Name = name,
            Kind = ClientTypes.Public,
            Scopes = Auth.Scopes.UserScopes,
            RedirectUris = [.. redirectUris],
            PostLogoutRedirectUris = [.. postLogoutRedirectUris],
            AllowedOrigins = allowedOrigins,
            PartnerClientId = partnerClientId,
            Status = "active",
        };
    }

    /// <summary>Creates or updates a client named in configuration so that it matches it: secret, scopes, redirect URIs and
    /// post-logout redirect URIs (paths resolved against the issuer) and, for a frontend, its origins (those named, else its
    /// redirect URIs').</summary>
    public Task SaveBootstrapAsync(BootstrapClient client, string issuer, bool allowHttpOrigins, CancellationToken cancellationToken)
    {
        var confidential = client.Secret.Length > 0;
        var redirectUris = client.RedirectUrisAt(issuer).ToList();
        return SaveAsync(Descriptor(client.ClientId, client.Name.Length > 0 ? client.Name : client.ClientId, confidential ? client.Secret : null,
                client.Scopes, redirectUris, client.PostLogoutRedirectUrisAt(issuer)),
            confidential ? [] : OAuthClient.OriginsOrDefault(client.AllowedOrigins, redirectUris, allowHttpOrigins), client.PartnerClientId,
            cancellationToken);
    }

    private async Task SaveAsync(OpenIddictApplicationDescriptor descriptor, string[] allowedOrigins, string? partnerClientId,
        CancellationToken cancellationToken)
    {
        _found.Remove(descriptor.ClientId!);
        var application = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        var created = application is null;
        if (application is null)
            application = await applications.CreateAsync(descriptor, cancellationToken);
        else
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync("""
                insert into oauth_clients (client_id, allowed_origins, partner_client_id) values (@ClientId, @allowedOrigins, @partnerClientId)
                on conflict (client_id) do update set allowed_origins = excluded.allowed_origins, partner_client_id = excluded.partner_client_id
                """, new { descriptor.ClientId, allowedOrigins, partnerClientId });
        }
        catch (NpgsqlException) when (created)
        {
            // Not an application without the product's half: a retry starts clean.
            await applications.DeleteAsync(application, CancellationToken.None);
            throw;
        }
    }

    private static OpenIddictApplicationDescriptor Descriptor(string clientId, string name, string? secret, IEnumerable<string> scopes,
        IEnumerable<string> redirectUris, IEnumerable<string> postLogoutRedirectUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = name,
            ClientSecret = secret,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Permissions.UnionWith(secret is null
            ? [Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.EndSession,
               Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]
            : [Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.Introspection,
               Permissions.GrantTypes.ClientCredentials]);
        descriptor.Permissions.UnionWith(scopes.Select(scope => Permissions.Prefixes.Scope + scope));
        if (secret is null)
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.RedirectUris.UnionWith(redirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(postLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        return descriptor;
    }

    private async Task<OAuthClient?> ToClientAsync(ClientRow row, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(row.ClientId, cancellationToken) is not { } application)
            return null;
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return new OAuthClient
        {
            ClientId = row.ClientId,
            Name = await applications.GetDisplayNameAsync(application, cancellationToken) ?? row.ClientId,
            Kind = await applications.GetClientTypeAsync(application, cancellationToken) ?? ClientTypes.Public,
            Scopes = permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..]).ToArray(),
            RedirectUris = [.. await applications.GetRedirectUrisAsync(application, cancellationToken)],
            PostLogoutRedirectUris = [.. await applications.GetPostLogoutRedirectUrisAsync(application, cancellationToken)],
            AllowedOrigins = row.AllowedOrigins,
            PartnerClientId = row.PartnerClientId,
            Status = row.Status,
        };
    }
}

/// <summary>Registers the clients listed in configuration at start-up (in development: the <c>dev-partner</c>
/// client and the Swagger UI frontend), updating their secrets and scopes to match.</summary>
public sealed class ClientBootstrap(IServiceScopeFactory scopes, IOptions<AuthOptions> options, Http.CorsSettings cors, ILogger<ClientBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (clients, issuer) = (options.Value.BootstrapClients, options.Value.Issuer);
        if (clients.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var directory = scope.ServiceProvider.GetRequiredService<ClientDirectory>();
            // Partners first: a frontend names the partner it belongs to.
            foreach (var client in clients.OrderBy(client => client.PartnerClientId is not null))
            {
                await directory.SaveBootstrapAsync(client, issuer, cors.AllowHttpOrigins, cancellationToken);
                if (client.AllowedOrigins.FirstOrDefault(origin => !Http.Origins.IsAllowedScheme(Http.Origins.Parse(origin)!, cors.AllowHttpOrigins)) is { } dropped)
                    logger.LogWarning("Client {ClientId}: the origin {Origin} is not allowed here (plain http needs Cors:AllowHttpOrigins)", client.ClientId, dropped);
                logger.LogInformation("Registered client {ClientId} from configuration", client.ClientId);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            logger.LogWarning(exception, "Could not register the configured clients (is the database migrated?)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
