using System.Net;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>An API that trusts a caller found live for an hour, so that what the cache does is seen, not raced.</summary>
public sealed class LongLiveCallerCacheFixture : ApiFixture
{
    protected override Dictionary<string, string?> Settings => new() { ["Auth:LiveCallerCache"] = "01:00:00" };
}

/// <summary>ADR 0019: a caller found live is trusted for <c>Auth:LiveCallerCache</c>, and every write through the instance by an
/// authenticated caller or to the token service forgets them all; an anonymous write does not.</summary>
public class LiveCallerCacheTests(LongLiveCallerCacheFixture fixture) : IClassFixture<LongLiveCallerCacheFixture>
{
    private async Task<HttpStatusCode> TenantStatusAsync(string token) =>
        (HttpStatusCode)(await fixture.Host.Scenario(s =>
        {
            s.As(token).Get.Url("/api/v1/tenant");
            s.IgnoreStatusCode();
        })).Context.Response.StatusCode;

    [Fact]
    public async Task A_caller_found_live_is_trusted_until_an_authenticated_write_and_an_anonymous_write_does_not_forget_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        var token = await fixture.TokenAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, await TenantStatusAsync(token));

        // Deactivated behind the API's back: the instance still trusts what it found, and an anonymous write changes nothing.
        await fixture.Database.ExecuteAsAdminAsync($"update users set status = 'deactivated' where tenant_id = '{tenant}'");
        Assert.Equal(HttpStatusCode.OK, await TenantStatusAsync(token));
        await fixture.Host.Scenario(s =>
        {
            s.Post.Json(new { events = Array.Empty<object>() }).ToUrl("/api/v1/actuals/events");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        Assert.Equal(HttpStatusCode.OK, await TenantStatusAsync(token));

        // A write by another tenant's admin through this instance: the caller is asked about again, and refused.
        var other = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await fixture.Host.EmployeeAsync(other, "Анна");
        Assert.Equal(HttpStatusCode.Unauthorized, await TenantStatusAsync(token));
    }
}
