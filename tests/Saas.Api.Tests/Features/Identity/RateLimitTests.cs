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
}
