using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>Every defect of an access token answers 401 with a Bearer challenge, and the valid token that each
/// defect is made from answers 200 (so a failing check is the defect, not the set-up).</summary>
public class TokenValidationTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private async Task<(string Valid, RsaSecurityKey Key, Dictionary<string, object> Claims)> ValidTokenAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var token = await fixture.Api.UserTokenAsync(tenant, "admin");
        var key = (await fixture.Api.Services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None)).Key;
        var claims = new JsonWebToken(token).Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => (object)g.First().Value);
        foreach (var registered in new[] { "exp", "iat", "nbf", "iss", "aud" })
            claims.Remove(registered);
        return (token, key, claims);
    }

    private string Sign(SecurityKey key, Dictionary<string, object> claims, string? issuer = null, string audience = AuthOptions.Audience,
        DateTime? expires = null, string type = "at+jwt", string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? fixture.Api.BaseAddress,
            Audience = audience,
            TokenType = type,
            IssuedAt = (expires ?? now.AddMinutes(10)).AddMinutes(-10),
            NotBefore = (expires ?? now.AddMinutes(10)).AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private async Task AssertRejectedAsync(string token)
    {
        using var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/v1/tenant");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    private async Task AssertAcceptedAsync(string token)
    {
        using var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tenant")).StatusCode);
    }

    private static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    [Fact]
    public async Task A_token_signed_by_hand_with_the_real_key_is_accepted() // the control for every test below
    {
        var (valid, key, claims) = await ValidTokenAsync();
        await AssertAcceptedAsync(valid);
        await AssertAcceptedAsync(Sign(key, claims));
    }

    [Fact]
    public async Task Alg_none_is_rejected()
    {
        var (valid, _, _) = await ValidTokenAsync();
        var parts = valid.Split('.');
        var header = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64Url.DecodeFromChars(parts[0]))!;
        header["alg"] = "none";
        await AssertRejectedAsync($"{Segment(header)}.{parts[1]}.");
    }

    [Fact]
    public async Task Hs256_signed_with_the_public_key_is_rejected()
    {
        var (_, key, claims) = await ValidTokenAsync();
        var publicKey = key.Rsa.ExportSubjectPublicKeyInfo();
        var header = Segment(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "at+jwt", ["kid"] = key.KeyId });
        var payload = Segment(new Dictionary<string, object>(claims)
        {
            ["iss"] = fixture.Api.BaseAddress,
            ["aud"] = AuthOptions.Audience,
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
        });
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        await AssertRejectedAsync($"{header}.{payload}.{signature}");
    }

    [Fact]
    public async Task An_expired_token_is_rejected()
    {
        var (_, key, claims) = await ValidTokenAsync();
        await AssertRejectedAsync(Sign(key, claims, expires: DateTime.UtcNow.AddMinutes(-2)));
    }

    [Fact]
    public async Task A_wrong_audience_is_rejected()
    {
        var (_, key, claims) = await ValidTokenAsync();
        await AssertRejectedAsync(Sign(key, claims, audience: "another-api"));
    }

    [Fact]
    public async Task A_wrong_issuer_is_rejected()
    {
        var (_, key, claims) = await ValidTokenAsync();
        await AssertRejectedAsync(Sign(key, claims, issuer: "https://evil.example"));
    }

    [Fact]
    public async Task A_token_of_another_type_is_rejected()
    {
        var (_, key, claims) = await ValidTokenAsync();
        await AssertRejectedAsync(Sign(key, claims, type: "JWT")); // an ID token, say, is not an access token
    }

    [Fact]
    public async Task A_tampered_payload_is_rejected()
    {
        var (valid, _, _) = await ValidTokenAsync();
        var parts = valid.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64Url.DecodeFromChars(parts[1]))!;
        payload["role"] = "admin";
        payload["tenant_id"] = Guid.CreateVersion7().ToString();
        await AssertRejectedAsync($"{parts[0]}.{Segment(payload)}.{parts[2]}");
    }

    [Fact]
    public async Task An_unknown_kid_is_rejected()
    {
        var (_, _, claims) = await ValidTokenAsync();
        using var rsa = RSA.Create(2048);
        await AssertRejectedAsync(Sign(new RsaSecurityKey(rsa) { KeyId = "not-ours" }, claims));
    }

    /// <summary>Another instance may create a key this one has not loaded yet: a token naming it makes this instance read the
    /// keys again (at most every five seconds), so the caller's retry is accepted rather than waiting for the next reload.</summary>
    [Fact]
    public async Task A_key_another_instance_just_created_is_accepted_by_the_next_request()
    {
        var (_, _, claims) = await ValidTokenAsync();
        var services = fixture.Api.Services;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        // The other instance's store, due to publish a successor now.
        var other = new SigningKeyStore(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<IDataProtectionProvider>(),
            Options.Create(new AuthOptions
            {
                Issuer = options.Issuer,
                SigningKeyLifetime = options.SigningKeyLifetime,
                SigningKeyPublishAhead = options.SigningKeyLifetime * 2,
                AccessTokenLifetime = options.AccessTokenLifetime,
            }), TimeProvider.System, NullLogger<SigningKeyStore>.Instance);
        var before = (await services.GetRequiredService<SigningKeyStore>().GetPublishedKeysAsync(CancellationToken.None)).Select(k => k.Kid).ToList();
        await other.EnsureKeysAsync(CancellationToken.None);
        var successor = (await other.GetPublishedKeysAsync(CancellationToken.None)).Single(k => !before.Contains(k.Kid));
        await Task.Delay(TimeSpan.FromSeconds(5.5)); // past the reload throttle of the keys this instance last read
        var token = Sign(successor.Key, claims);

        using var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var first = await client.GetAsync("/api/v1/tenant");
        var second = await client.GetAsync("/api/v1/tenant");

        Assert.True(first.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"{(int)first.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Garbage_is_rejected()
    {
        await AssertRejectedAsync("not-a-jwt");
        await AssertRejectedAsync("a.b.c");
    }

    [Fact]
    public async Task A_user_deactivated_behind_the_apis_back_is_refused_within_the_live_caller_bound()
    {
        // Through the API a change takes effect at once (the identity tests); made in the database, as another instance would,
        // it takes effect once the caller is asked about again: within AuthOptions.LiveCallerCache (2 s by default).
        var tenant = await fixture.CreateTenantAsync();
        var token = await fixture.Api.UserTokenAsync(tenant, "admin");
        await AssertAcceptedAsync(token);

        await fixture.Database.ExecuteAsAdminAsync($"update users set status = 'deactivated' where tenant_id = '{tenant}'");
        var bound = TimeSpan.FromSeconds(2);
        var started = DateTime.UtcNow;
        HttpStatusCode status;
        do
        {
            using var client = fixture.Api.Client();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            status = (await client.GetAsync("/api/v1/tenant")).StatusCode;
            if (status == HttpStatusCode.OK)
                await Task.Delay(100);
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow - started < bound + TimeSpan.FromSeconds(3));
        // The bound plus room for a slow machine: not a timing measurement, only that the refusal comes within seconds.
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
