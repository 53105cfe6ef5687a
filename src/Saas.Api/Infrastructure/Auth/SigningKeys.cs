using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>A token signing key as stored: published from <see cref="CreatedAt"/>, signing from
/// <see cref="SignsFrom"/> until <see cref="RetiresAt"/>, published until <see cref="ExpiresAt"/>.</summary>
public sealed record SigningKey(string Kid, RsaSecurityKey Key, DateTimeOffset CreatedAt, DateTimeOffset SignsFrom,
    DateTimeOffset RetiresAt, DateTimeOffset ExpiresAt)
{
    public bool IsPublishedAt(DateTimeOffset now) => CreatedAt <= now && now < ExpiresAt;

    public bool SignsAt(DateTimeOffset now) => SignsFrom <= now && now < RetiresAt;
}

/// <summary>RS256 signing keys in the database, private halves protected with Data Protection. Rotation
/// publishes the successor <see cref="AuthOptions.SigningKeyPublishAhead"/> before it signs and keeps the
/// predecessor published until every token it signed has expired.</summary>
public sealed class SigningKeyStore(NpgsqlDataSource dataSource, IDataProtectionProvider protection, IOptions<AuthOptions> options,
    TimeProvider time, ILogger<SigningKeyStore> logger)
{
    private const long RotationLockKey = 7_300_125_002;
    private static readonly TimeSpan ReloadAfter = TimeSpan.FromMinutes(1);
    private readonly IDataProtector _protector = protection.CreateProtector("Saas.SigningKeys.v1");
    private readonly SemaphoreSlim _reload = new(1, 1);
    private IReadOnlyList<SigningKey> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public async Task<SigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await GetKeysAsync(forceReload: false, cancellationToken);
        var current = Current(keys, now);
        if (current is null)
        {
            await EnsureKeysAsync(cancellationToken);
            // A key created just now signs from its own creation, a moment after the 'now' read above.
            current = Current(await GetKeysAsync(forceReload: true, cancellationToken), time.GetUtcNow());
        }
        return current ?? throw new InvalidOperationException("No signing key is valid now.");
    }

    /// <summary>The keys published now; <paramref name="reload"/> reads them again first (at most every 5 seconds), when a token
    /// named a key this instance does not know yet.</summary>
    public async Task<IReadOnlyList<SigningKey>> GetPublishedKeysAsync(CancellationToken cancellationToken, bool reload = false)
    {
        var now = time.GetUtcNow();
        var keys = await GetKeysAsync(reload && now - _loadedAt > TimeSpan.FromSeconds(5), cancellationToken);
        return keys.Where(k => k.IsPublishedAt(now)).ToList();
    }

    /// <summary>Creates the first key, or the successor of the current one when it retires within the
    /// publish-ahead window. Serialised across instances by an advisory lock.</summary>
    public async Task EnsureKeysAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync($"select pg_advisory_xact_lock({RotationLockKey})", transaction: transaction);
        var now = time.GetUtcNow();
        var latestRetirement = await connection.ExecuteScalarAsync<DateTime?>(
            "select max(retires_at) from signing_keys where retires_at > @now", new { now }, transaction);

        DateTimeOffset? signsFrom = latestRetirement is null
            ? now // nothing signs: the first key signs at once (no token exists that a client could not verify)
            : new DateTimeOffset(DateTime.SpecifyKind(latestRetirement.Value, DateTimeKind.Utc)) - now <= settings.SigningKeyPublishAhead
                ? new DateTimeOffset(DateTime.SpecifyKind(latestRetirement.Value, DateTimeKind.Utc))
                : null;
        if (signsFrom is { } from)
        {
            using var rsa = RSA.Create(2048);
            var kid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var retires = from + settings.SigningKeyLifetime;
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid });
            await connection.ExecuteAsync("""
                insert into signing_keys (kid, algorithm, private_key, public_jwk, created_at, signs_from, retires_at, expires_at)
                values (@kid, 'RS256', @privateKey, @publicJwk::jsonb, @now, @from, @retires, @expires)
                """, new
            {
                kid,
                privateKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
                publicJwk = JsonSerializer.Serialize(new { kty = jwk.Kty, n = jwk.N, e = jwk.E }),
                now,
                from,
                retires,
                // Tokens signed just before retirement live one access-token lifetime longer (and a margin for clock skew).
                expires = retires + settings.AccessTokenLifetime + TimeSpan.FromMinutes(5),
            }, transaction);
            logger.LogInformation("Created signing key {Kid}, signing from {SignsFrom:o} to {RetiresAt:o}", kid, from, retires);
        }
        await transaction.CommitAsync(cancellationToken);
        _loadedAt = DateTimeOffset.MinValue;
    }

    private static SigningKey? Current(IReadOnlyList<SigningKey> keys, DateTimeOffset now) =>
        keys.Where(k => k.SignsAt(now)).MaxBy(k => k.SignsFrom);

    private async Task<IReadOnlyList<SigningKey>> GetKeysAsync(bool forceReload, CancellationToken cancellationToken)
    {
        if (!forceReload && time.GetUtcNow() - _loadedAt < ReloadAfter)
            return _keys;
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<(string Kid, string PrivateKey, DateTime CreatedAt, DateTime SignsFrom, DateTime RetiresAt, DateTime ExpiresAt)>(
                "select kid, private_key, created_at, signs_from, retires_at, expires_at from signing_keys where expires_at > @now",
                new { now = time.GetUtcNow() });
            _keys = rows.Select(row =>
            {
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(row.PrivateKey)), out _);
                return new SigningKey(row.Kid, new RsaSecurityKey(rsa) { KeyId = row.Kid }, Utc(row.CreatedAt), Utc(row.SignsFrom),
                    Utc(row.RetiresAt), Utc(row.ExpiresAt));
            }).ToList();
            _loadedAt = time.GetUtcNow();
            return _keys;
        }
        finally
        {
            _reload.Release();
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>Checks hourly whether a successor key is due.</summary>
public sealed class SigningKeyRotation(SigningKeyStore store, ILogger<SigningKeyRotation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await store.EnsureKeysAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Signing key rotation check failed; retrying in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
