using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

public class RateLimitTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.PooledApplicationConnectionString(), settings: new()
        {
            ["RateLimits:PerTenantPerMinute"] = "6",
            ["RateLimits:PerApiKeyPerMinute"] = "3",
        });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_tenant_over_its_limit_gets_429_with_retry_after_and_other_tenants_do_not()
    {
        var tenant = await _api.CreateTenantAsync();
        using var admin = _api.Client(tenant);
        using var other = _api.Client(await _api.CreateTenantAsync());

        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/tenant")).StatusCode);
        var limited = await admin.GetAsync("/api/v1/tenant");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/tenant")).StatusCode);
    }

    [Fact]
    public async Task An_api_key_has_its_own_limit_within_its_tenants()
    {
        var tenant = await _api.CreateTenantAsync();
        using var admin = _api.Client(tenant);
        async Task<HttpClient> KeyAsync()
        {
            var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "k", scopes = new[] { "actuals:read" } })).AssertStatusAsync(HttpStatusCode.Created);
            var client = _api.Client();
            client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
            return client;
        }
        using var first = await KeyAsync();
        using var second = await KeyAsync();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/api-keys/current")).StatusCode);
        await (await first.GetAsync("/api/v1/api-keys/current")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/api-keys/current")).StatusCode);
    }

    /// <summary>Anonymous traffic of one address is limited per endpoint family, and token requests per client as well:
    /// a client failing its authentication fills its own bucket, not the sign-in page's, the activation's, or another
    /// client's at the same address (behind a proxy every client shares one address).</summary>
    [Fact]
    public async Task A_client_failing_authentication_blocks_neither_other_clients_nor_sign_in_nor_activation()
    {
        await using var api = new ApiFactory(_database.PooledApplicationConnectionString(), settings: new() { ["RateLimits:AnonymousPerMinute"] = "3" });
        using var client = api.Client();
        Task<HttpResponseMessage> TokenAsync(string clientId, string secret) => client.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("guessed-client", "wrong secret")).StatusCode);
        var limited = await TokenAsync("guessed-client", "wrong secret");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(ApiFactory.PartnerId, ApiFactory.PartnerSecret)).StatusCode);
        var signIn = await client.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create()));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var activation = await client.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = "act_nothing", password = "a long enough passphrase" });
        await activation.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        // Each family still has its limit.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task X_forwarded_for_is_honoured_only_from_configured_proxies()
    {
        async Task<HttpStatusCode[]> DiscoveryFromAsync(ApiFactory api, params string[] forwardedFor)
        {
            using var client = api.Client();
            var statuses = new List<HttpStatusCode>();
            foreach (var address in forwardedFor)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
                request.Headers.Add("X-Forwarded-For", address);
                statuses.Add((await client.SendAsync(request)).StatusCode);
            }
            return statuses.ToArray();
        }
        var limits = new Dictionary<string, string?> { ["RateLimits:AnonymousPerMinute"] = "2" };

        // No proxy configured: the header is the client's own claim and changes nothing; every request is 127.0.0.1's.
        await using (var direct = new ApiFactory(_database.PooledApplicationConnectionString(), settings: limits))
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
                await DiscoveryFromAsync(direct, "203.0.113.1", "203.0.113.2", "203.0.113.3"));

        // Behind a configured proxy (the tests' loopback address), each forwarded client has its own bucket.
        await using var proxied = new ApiFactory(_database.PooledApplicationConnectionString(), settings: new(limits)
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            await DiscoveryFromAsync(proxied, "203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.2", "203.0.113.1"));
    }

    /// <summary>Client ids that name no client share one bucket per address, and all token requests of an address have a
    /// (larger) bucket too: rotating made-up client ids does not escape the limit.</summary>
    [Fact]
    public async Task Rotating_unknown_client_ids_does_not_escape_the_token_endpoints_limit()
    {
        await using var api = new ApiFactory(_database.PooledApplicationConnectionString(), settings: new()
        {
            ["RateLimits:AnonymousPerMinute"] = "3",
            ["RateLimits:TokenRequestsPerMinute"] = "6",
        });
        using var client = api.Client();
        Task<HttpResponseMessage> TokenAsync(string clientId, string secret) => client.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }));

        var unknown = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            unknown.Add((await TokenAsync("made-up-" + i, "secret")).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], unknown);

        // A real client still has its own bucket, until the address's bucket for all token requests is used up.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(ApiFactory.PartnerId, ApiFactory.PartnerSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(ApiFactory.PartnerId, ApiFactory.PartnerSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(ApiFactory.PartnerId, ApiFactory.PartnerSecret)).StatusCode);
    }
}
