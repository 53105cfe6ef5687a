using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>Each caller against each endpoint group: allowed → 2xx, an authenticated caller without the right
/// → 403, no usable credentials for that group → 401. An API key never reaches user or partner endpoints.</summary>
public class AuthorizationMatrixTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    public static readonly TheoryData<string, string, string, string> Matrix = Build();

    // group → (method, path, body) and the callers allowed.
    private static TheoryData<string, string, string, string> Build()
    {
        var groups = new (string Method, string Path, string Body, string[] Allowed)[]
        {
            ("GET", "/api/v1/partner/tenants", "", ["partner"]),
            ("POST", "/api/v1/partner/clients", """{"name":"App","redirectUris":["https://app.example/cb"]}""", ["partner"]),
            ("GET", "/api/v1/tenant", "", ["admin", "manager", "employee"]),
            ("PATCH", "/api/v1/tenant", "{}", ["admin"]),
            ("GET", "/api/v1/users", "", ["admin"]),
            ("POST", "/api/v1/users", """{"email":"EMAIL","fullName":"New User","role":"employee"}""", ["admin"]),
            ("GET", "/api/v1/api-keys", "", ["admin"]),
            ("POST", "/api/v1/api-keys", """{"name":"CRM","scopes":["actuals:write"]}""", ["admin"]),
            ("GET", "/api/v1/teams", "", ["admin", "manager"]),
            ("POST", "/api/v1/teams", """{"name":"NAME","department":"sales"}""", ["admin"]),
            ("GET", "/api/v1/api-keys/current", "", ["api_key"]),
        };
        var data = new TheoryData<string, string, string, string>();
        foreach (var (method, path, body, allowed) in groups)
        {
            foreach (var caller in new[] { "anonymous", "api_key", "employee", "manager", "admin", "partner" })
            {
                // A caller whose kind of credential the group does not take at all is unauthenticated there (401).
                var keyOnly = allowed.SequenceEqual(["api_key"]);
                var expected = allowed.Contains(caller) ? "2xx"
                    : caller is "anonymous" || (caller == "api_key") != keyOnly ? "401"
                    : "403";
                data.Add(method + " " + path, body, caller, expected);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Caller_gets_the_expected_answer(string endpoint, string body, string caller, string expected)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = caller switch
        {
            "anonymous" => fixture.Api.Client(),
            "partner" => await fixture.Api.PartnerClientAsync(),
            "api_key" => await ApiKeyClientAsync(tenant),
            _ => fixture.Api.Client(tenant, caller),
        };
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
            request.Content = HttpAssertions.Json(body.Replace("EMAIL", $"u-{Guid.NewGuid():N}@example.com").Replace("NAME", "Team " + Guid.NewGuid().ToString("N")[..6]));

        var response = await client.SendAsync(request);

        var status = (int)response.StatusCode;
        var outcome = status is >= 200 and < 300 ? "2xx" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expected == outcome, $"{caller} {endpoint}: expected {expected}, got {status} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpClient> ApiKeyClientAsync(Guid tenant)
    {
        using var admin = fixture.Api.Client(tenant);
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { "actuals:write", "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
        return client;
    }
}
