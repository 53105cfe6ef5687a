using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>A client that goes away while the API checks that its token's caller is still live (a query, and under load a wait
/// for a pooled connection) is nobody's error: the JWT bearer handler logs whatever its events throw as an error, so the events
/// end the check themselves.</summary>
public class ClientGoneTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_client_gone_while_its_caller_is_checked_is_not_logged_as_an_error()
    {
        var tenant = await fixture.CreateTenantAsync();
        var warm = await fixture.TokenAsync(tenant);
        await fixture.Host.Scenario(s => s.As(warm).Get.Url("/api/v1/tenant"));
        var token = await fixture.TokenAsync(tenant); // a token the API has not seen: its caller is asked about
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var before = fixture.Logs.Entries.Count;

        // Answered nothing, as ASP.NET Core records a request its client abandoned.
        await fixture.Host.Scenario(s =>
        {
            s.As(token).Get.Url("/api/v1/tenant");
            s.ConfigureHttpContext(http => http.RequestAborted = gone.Token);
            s.StatusCodeShouldBe(StatusCodes.Status499ClientClosedRequest);
        });

        Assert.DoesNotContain(fixture.Logs.Entries.Skip(before), entry => entry.Level >= LogLevel.Error);
    }
}
