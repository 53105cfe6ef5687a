using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>A partner's single-page app on another origin, in a real headless browser: it signs a user in on the API's
/// sign-in page and calls the API, every call across origins. Without the API's CORS answers the browser would block
/// the first <c>fetch</c>.</summary>
public sealed class BrowserFrontendTests(DevelopmentCorsApi host) : IClassFixture<DevelopmentCorsApi>
{
    private const string Password = "correct horse battery staple";
    private readonly ApiFactory _api = host.Api;

    [Fact]
    public async Task A_single_page_app_on_another_origin_signs_in_and_calls_the_api()
    {
        using var partner = await _api.PartnerClientAsync();
        var clientId = "";
        await using var spa = await SpaHost.StartAsync(_api.BaseAddress, () => clientId);
        var client = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new { name = "Partner SPA", redirectUris = new[] { spa.RedirectUri } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        clientId = client.GetProperty("clientId").GetString()!;
        Assert.Equal([spa.Origin], client.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
        var email = $"spa-{Guid.NewGuid():N}@example.com";
        var tenant = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name = "Browser Co",
            slug = "browser-" + Guid.NewGuid().ToString("N")[..8],
            currency = "EUR",
            timeZone = "Europe/Berlin",
            locale = "en",
            admin = new { email, fullName = "Bea Browser" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        using (var anonymous = _api.Client())
            await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new
            {
                activationToken = tenant.GetProperty("admin").GetProperty("activationToken").GetString(),
                password = Password,
            })).AssertStatusAsync(HttpStatusCode.OK);

        await using var browser = await Chromium.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        await page.GoToAsync(spa.Origin + "/");
        // The app reads the discovery document across origins, then sends the browser to the sign-in page.
        await page.WaitUntilAsync("document.querySelector('input[type=email]') || document.getElementById('result')?.textContent");
        Assert.True(page.Url.StartsWith(_api.BaseAddress + "/connect/authorize?", StringComparison.Ordinal),
            $"The app did not reach the sign-in page: {await page.EvaluateExpressionAsync<string>("document.body.innerText")}");
        await page.TypeAsync("input[type=email]", email);
        await page.TypeAsync("input[type=password]", Password);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("button[type=submit]"));
        await page.WaitUntilAsync("document.getElementById('result')?.textContent.length > 0");
        var result = JsonDocument.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('result').textContent")).RootElement;

        Assert.False(result.TryGetProperty("error", out var error), $"The page failed: {error} (its result: {result})");
        Assert.Equal(_api.BaseAddress, result.GetProperty("iss").GetString());
        Assert.Equal(200, result.GetProperty("tenantStatus").GetInt32());
        Assert.Equal("EUR", result.GetProperty("tenant").GetProperty("currency").GetString());
        Assert.NotNull(result.GetProperty("tenantEtag").GetString()); // an exposed header, readable across origins
        Assert.Equal(201, result.GetProperty("teamStatus").GetInt32());
        Assert.StartsWith("/api/v1/teams/", result.GetProperty("teamLocation").GetString());
    }
}
