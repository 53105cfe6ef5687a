using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Saas.Api.Infrastructure.Auth;

// Properties rather than a positional record: Npgsql reports text[] columns as System.Array, which Dapper's
// constructor matching does not accept, while it assigns them to string[] properties fine.
public sealed record OAuthClient
{
    public required string ClientId { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public string? SecretHash { get; init; }
    public required string[] Scopes { get; init; }
    public required string[] RedirectUris { get; init; }
    public required string[] AllowedOrigins { get; init; }
    public string? PartnerClientId { get; init; }
    public required string Status { get; init; }

    public const string Columns = "client_id, name, kind, secret_hash, scopes, redirect_uris, allowed_origins, partner_client_id, status";

    /// <summary>The origins a browser frontend may call from: the ones named, else those of its redirect URIs; https
    /// only unless plain http is allowed (development).</summary>
    public static string[] OriginsOrDefault(IReadOnlyList<string>? named, IEnumerable<string> redirectUris, bool allowHttp) =>
        (named is { Count: > 0 } ? named.Select(origin => Http.Origins.Parse(origin)!) : redirectUris.Select(uri => Http.Origins.Of(new Uri(uri))))
        .Where(origin => Http.Origins.IsAllowedScheme(origin, allowHttp)).Distinct().Order(StringComparer.Ordinal).ToArray();

    public bool IsPublic => Kind == "public";

    public bool IsActive => Status == "active";
}

public static class ClientStore
{
    public static Task<OAuthClient?> FindAsync(NpgsqlConnection connection, string clientId) =>
        connection.QuerySingleOrDefaultAsync<OAuthClient>(
            $"select {OAuthClient.Columns} from oauth_clients where client_id = @clientId", new { clientId });

    /// <summary>Creates a confidential partner client and returns its secret, shown once.</summary>
    public static async Task<(string ClientId, string Secret)> AddPartnerAsync(NpgsqlConnection connection, string name)
    {
        var clientId = "partner-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await connection.ExecuteAsync("""
            insert into oauth_clients (client_id, name, kind, secret_hash, scopes)
            values (@clientId, @name, 'confidential', @hash, @scopes)
            """, new { clientId, name, hash = Passwords.Hash(secret), scopes = new[] { Scopes.Partner } });
        return (clientId, secret);
    }
}

/// <summary>Registers the clients listed in configuration at start-up (in development: the <c>dev-partner</c>
/// client and the Swagger UI frontend), updating their secrets and scopes to match.</summary>
public sealed class ClientBootstrap(NpgsqlDataSource dataSource, IOptions<AuthOptions> options, Http.CorsSettings cors, ILogger<ClientBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clients = options.Value.BootstrapClients;
        if (clients.Count == 0)
            return;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            foreach (var client in clients)
            {
                var confidential = client.Secret.Length > 0;
                await connection.ExecuteAsync("""
                    insert into oauth_clients (client_id, name, kind, secret_hash, scopes, redirect_uris, allowed_origins, partner_client_id)
                    values (@ClientId, @Name, @kind, @hash, @Scopes, @RedirectUris, @allowedOrigins, @PartnerClientId)
                    on conflict (client_id) do update set name = excluded.name, kind = excluded.kind, secret_hash = excluded.secret_hash,
                        scopes = excluded.scopes, redirect_uris = excluded.redirect_uris, allowed_origins = excluded.allowed_origins,
                        partner_client_id = excluded.partner_client_id
                    """, new
                {
                    client.ClientId,
                    Name = client.Name.Length > 0 ? client.Name : client.ClientId,
                    kind = confidential ? "confidential" : "public",
                    hash = confidential ? Passwords.Hash(client.Secret) : null,
                    Scopes = client.Scopes.ToArray(),
                    RedirectUris = client.RedirectUris.ToArray(),
                    allowedOrigins = confidential ? [] : OAuthClient.OriginsOrDefault(client.AllowedOrigins, client.RedirectUris, cors.AllowHttpOrigins),
                    client.PartnerClientId,
                });
                if (client.AllowedOrigins.FirstOrDefault(origin => !Http.Origins.IsAllowedScheme(Http.Origins.Parse(origin)!, cors.AllowHttpOrigins)) is { } dropped)
                    logger.LogWarning("Client {ClientId}: the origin {Origin} is not allowed here (plain http needs Cors:AllowHttpOrigins)", client.ClientId, dropped);
                logger.LogInformation("Registered client {ClientId} from configuration", client.ClientId);
            }
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "Could not register the configured clients (is the database migrated?)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
