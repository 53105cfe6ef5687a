using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>Key rotation on a clock of the test's own: a successor is published before it signs, and its
/// predecessor stays published until every token it signed has expired.</summary>
public class SigningKeyRotationTests
{
    [Fact]
    public async Task A_successor_is_published_ahead_and_the_predecessor_outlives_its_tokens()
    {
        var database = await TestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ApplicationConnectionString);
        var options = new AuthOptions
        {
            Issuer = "http://issuer.test",
            SigningKeyLifetime = TimeSpan.FromDays(30),
            SigningKeyPublishAhead = TimeSpan.FromDays(2),
            AccessTokenLifetime = TimeSpan.FromMinutes(10),
        };
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var store = new SigningKeyStore(dataSource, new EphemeralDataProtectionProvider(), Options.Create(options), time, NullLogger<SigningKeyStore>.Instance);

        var first = await store.GetSigningKeyAsync(CancellationToken.None);
        Assert.Equal([first.Kid], (await store.GetPublishedKeysAsync(CancellationToken.None)).Select(k => k.Kid));

        time.SetUtcNow(start.AddDays(27));
        await store.EnsureKeysAsync(CancellationToken.None);
        Assert.Single(await store.GetPublishedKeysAsync(CancellationToken.None)); // not due yet

        time.SetUtcNow(start.AddDays(28).AddHours(1));
        await store.EnsureKeysAsync(CancellationToken.None);
        await store.EnsureKeysAsync(CancellationToken.None); // idempotent: still one successor
        var published = await store.GetPublishedKeysAsync(CancellationToken.None);
        Assert.Equal(2, published.Count);
        var successor = published.Single(k => k.Kid != first.Kid);
        Assert.Equal(first.Kid, (await store.GetSigningKeyAsync(CancellationToken.None)).Kid); // published, not yet signing
        Assert.Equal(first.RetiresAt, successor.SignsFrom);

        time.SetUtcNow(first.RetiresAt.AddMinutes(1));
        Assert.Equal(successor.Kid, (await store.GetSigningKeyAsync(CancellationToken.None)).Kid);
        Assert.Contains(first.Kid, (await store.GetPublishedKeysAsync(CancellationToken.None)).Select(k => k.Kid)); // its tokens still live

        time.SetUtcNow(first.RetiresAt + options.AccessTokenLifetime + TimeSpan.FromMinutes(6));
        Assert.Equal([successor.Kid], (await store.GetPublishedKeysAsync(CancellationToken.None)).Select(k => k.Kid));
    }

    [Fact]
    public async Task Private_keys_are_stored_protected()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString());
        using var client = api.Client();
        (await client.GetAsync("/.well-known/jwks.json")).EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select private_key from signing_keys", connection);
        var stored = (string)(await command.ExecuteScalarAsync())!;
        // A PKCS#8 RSA key in base64 starts with "MII"; the protected form is Data Protection's payload instead.
        Assert.DoesNotContain("MII", stored[..10]);
        Assert.Throws<FormatException>(() => System.Security.Cryptography.RSA.Create().ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _));
    }
}
