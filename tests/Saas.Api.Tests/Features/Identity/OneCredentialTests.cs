using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>A request authenticates with exactly one credential. With an API key of one tenant and a user's token of
/// another, the role check would read one principal and the tenant another: an admin anywhere would turn a leaked
/// read-only key of any tenant into full actuals access there.</summary>
public class OneCredentialTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private static readonly object OneEvent = new
    {
        events = new[] { new { source = "crm", externalId = "e1", type = "lead.created", occurredAt = "2026-11-10T10:00:00+03:00", leadId = "L1" } },
    };

    private async Task<string> KeyAsync(Guid tenant, string scope)
    {
        using var admin = fixture.Api.Client(tenant);
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { scope } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        return created.GetProperty("key").GetString()!;
    }

    private HttpClient Mixed(string key, string bearer)
    {
        var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    [Fact]
    public async Task A_key_of_one_tenant_and_an_admin_token_of_another_are_refused_together_and_store_nothing()
    {
        var victim = await fixture.CreateTenantAsync();
        var attacker = await fixture.CreateTenantAsync();
        var readKey = await KeyAsync(victim, "actuals:read");
        var writeKey = await KeyAsync(victim, "actuals:write");
        var attackerAdmin = await fixture.Api.UserTokenAsync(attacker, "admin");

        using (var keyAlone = fixture.Api.Client())
        {
            keyAlone.DefaultRequestHeaders.Add("X-Api-Key", readKey);
            Assert.Equal(HttpStatusCode.Forbidden, (await keyAlone.PostAsJsonAsync("/api/v1/actuals/events", OneEvent)).StatusCode);
        }
        using (var mixed = Mixed(readKey, attackerAdmin))
        {
            var problem = await (await mixed.PostAsJsonAsync("/api/v1/actuals/events", OneEvent)).AssertProblemAsync(HttpStatusCode.BadRequest, "two-credentials");
            Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        }
        using (var mixed = Mixed(writeKey, attackerAdmin))
            await (await mixed.GetAsync("/api/v1/actuals/events")).AssertProblemAsync(HttpStatusCode.BadRequest, "two-credentials");

        using var victimAdmin = fixture.Api.Client(victim);
        var stored = await (await victimAdmin.GetAsync("/api/v1/actuals/events")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(stored.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Two_credentials_are_refused_even_when_both_belong_to_the_same_tenant_or_the_second_is_not_a_bearer_token()
    {
        var tenant = await fixture.CreateTenantAsync();
        var key = await KeyAsync(tenant, "actuals:read");

        using var sameTenant = Mixed(key, await fixture.Api.UserTokenAsync(tenant, "admin"));
        await (await sameTenant.GetAsync("/api/v1/actuals/events")).AssertProblemAsync(HttpStatusCode.BadRequest, "two-credentials");

        using var basic = fixture.Api.Client();
        basic.DefaultRequestHeaders.Add("X-Api-Key", key);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        await (await basic.GetAsync("/api/v1/actuals/events")).AssertProblemAsync(HttpStatusCode.BadRequest, "two-credentials");
    }

    [Fact]
    public async Task The_token_service_answers_two_credentials_in_oauth_terms()
    {
        var key = await KeyAsync(await fixture.CreateTenantAsync(), "actuals:read");
        using var client = fixture.Api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ApiFactory.PartnerId}:{ApiFactory.PartnerSecret}")));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetString());
    }
}
