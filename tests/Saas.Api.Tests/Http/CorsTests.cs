using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>Browser frontends on their own origins: a partner registers a public client with its allowed origins (by
/// default the origins of its redirect URIs); the API answers preflights for exactly those origins, without
/// authentication, on the token service and the API, and never with <c>*</c>.</summary>
public class CorsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static HttpRequestMessage Preflight(string path, string origin, string method = "GET", string headers = "authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private async Task<System.Text.Json.JsonElement> RegisterAsync(object client)
    {
        using var partner = await fixture.Http.PartnerClientAsync();
        return await (await partner.PostAsJsonAsync("/api/v1/partner/clients", client)).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Preflights_of_a_registered_origin_are_answered_without_authentication_on_the_api_and_the_token_service()
    {
        var origin = $"https://app-{Guid.NewGuid():N}.example";
        var registered = await RegisterAsync(new { name = "SPA", redirectUris = new[] { origin + "/callback" }, allowedOrigins = new[] { origin } });
        Assert.Equal([origin], registered.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
        using var browser = fixture.Http.Client();

        foreach (var (path, method, headers) in new[]
        {
            ("/api/v1/tenant", "PATCH", "authorization,content-type,if-match"),
            ("/api/v1/actuals/events", "POST", "authorization,content-type,idempotency-key"),
            ("/connect/token", "POST", "content-type"),
            ("/connect/revoke", "POST", "content-type"),
            ("/connect/userinfo", "GET", "authorization"),
            ("/.well-known/openid-configuration", "GET", "accept"),
        })
        {
            var response = await browser.SendAsync(Preflight(path, origin, method, headers));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
            Assert.Contains(method, Header(response, "Access-Control-Allow-Methods")!, StringComparison.OrdinalIgnoreCase);
            foreach (var header in headers.Split(','))
                Assert.Contains(header, Header(response, "Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
            Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
            Assert.Contains("Origin", Header(response, "Vary") ?? "", StringComparison.OrdinalIgnoreCase);
        }

        // An answer, even an error, names the origin so that the page can read it; the headers it needs are exposed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tenant");
        request.Headers.Add("Origin", origin);
        var unauthorized = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(origin, Header(unauthorized, "Access-Control-Allow-Origin"));
        foreach (var exposed in new[] { "ETag", "Location", "Retry-After", "WWW-Authenticate" })
            Assert.Contains(exposed, Header(unauthorized, "Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Other_origins_get_no_cors_headers_and_nothing_ever_allows_any_origin()
    {
        var origin = $"https://app-{Guid.NewGuid():N}.example";
        await RegisterAsync(new { name = "SPA", redirectUris = new[] { origin + "/callback" } });
        using var browser = fixture.Http.Client();

        foreach (var other in new[] { "https://evil.example", origin + ":8443", origin.Replace("https:", "http:", StringComparison.Ordinal), "null" })
        {
            var response = await browser.SendAsync(Preflight("/api/v1/tenant", other));
            Assert.Null(Header(response, "Access-Control-Allow-Origin"));
            Assert.True((int)response.StatusCode < 500);
        }
        var allowed = await browser.SendAsync(Preflight("/api/v1/tenant", origin));
        Assert.Equal(origin, Header(allowed, "Access-Control-Allow-Origin")); // the default: the redirect URIs' origins
        // Not for paths outside the API and the token service (the sign-in page is a navigation, not a fetch).
        Assert.Null(Header(await browser.SendAsync(Preflight("/connect/authorize", origin, "POST")), "Access-Control-Allow-Origin"));
        Assert.Null(Header(await browser.SendAsync(Preflight("/swagger/v1/swagger.json", origin)), "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Allowed_origins_are_exact_https_origins_outside_development()
    {
        using var partner = await fixture.Http.PartnerClientAsync();
        foreach (var bad in new[] { "*", "https://app.example/", "https://app.example/path", "https://app.example?x=1", "http://app.example",
                     "http://localhost:3000", "https://user@app.example", "app.example", "null" })
        {
            var problem = await (await partner.PostAsJsonAsync("/api/v1/partner/clients",
                new { name = "SPA", redirectUris = new[] { "https://app.example/cb" }, allowedOrigins = new[] { bad } })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith("allowedOrigins", StringComparison.Ordinal)), $"{bad}: {problem}");
        }

        // An http redirect on loopback is fine for a native app, but its origin is not allowed by default outside development.
        var created = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "Mixed",
            redirectUris = new[] { "https://App.Example:443/cb", "http://127.0.0.1:7777/cb" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(["https://app.example"], created.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
    }
}

/// <summary>With <c>Cors:AllowHttpOrigins</c> (the development setting), plain http origins may be registered.</summary>
public class DevelopmentCorsTests(DevelopmentCorsApi host) : IClassFixture<DevelopmentCorsApi>
{
    private readonly ApiFactory _api = host.Api;

    [Fact]
    public async Task Http_origins_are_accepted_and_derived_from_redirect_uris()
    {
        using var partner = await _api.PartnerClientAsync();
        var created = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new { name = "Local SPA", redirectUris = new[] { "http://localhost:3000/cb" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(["http://localhost:3000"], created.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));

        using var browser = _api.Client();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/tenant");
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await browser.SendAsync(preflight);
        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
