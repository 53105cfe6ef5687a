using System.Net;
using System.Net.Http.Json;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.ApiKeys;

public class ApiKeyTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public void Keys_have_a_prefix_enough_randomness_and_a_checksum_that_catches_typos()
    {
        var (key, prefix) = ApiKeyFormat.Create("live");

        Assert.Matches("^sk_live_[0-9A-Za-z]{38}$", key);
        Assert.StartsWith(prefix, key);
        Assert.True(ApiKeyFormat.IsWellFormed(key));
        Assert.NotEqual(key, ApiKeyFormat.Create("live").Key);
        for (var position = "sk_live_".Length; position < key.Length; position++)
        {
            var typo = key[..position] + (key[position] == 'a' ? 'b' : 'a') + key[(position + 1)..];
            Assert.False(ApiKeyFormat.IsWellFormed(typo), $"a typo at {position} passed the checksum");
        }
        Assert.False(ApiKeyFormat.IsWellFormed(key[..^1]));
        Assert.False(ApiKeyFormat.IsWellFormed("sk_live_" + new string('A', 38)));
    }

    [Fact]
    public async Task A_key_is_shown_once_listed_by_prefix_records_its_last_use_and_stops_when_revoked()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Bitrix24", scopes = new[] { "actuals:write", "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        using var integration = fixture.Api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);

        var current = await (await integration.GetAsync("/api/v1/api-keys/current")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Bitrix24", current.GetProperty("name").GetString());
        var listed = (await (await admin.GetAsync("/api/v1/api-keys")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal(created.GetProperty("prefix").GetString(), listed.GetProperty("prefix").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.DoesNotContain(key, listed.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{created.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/api-keys/current")).StatusCode);
        Assert.Empty((await (await admin.GetAsync("/api/v1/api-keys")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Single((await (await admin.GetAsync("/api/v1/api-keys?includeRevoked=true")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_mistyped_or_unknown_key_is_401_and_user_scopes_are_not_key_scopes()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var integration = fixture.Api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", "sk_test_definitely-not-a-key");
        var response = await integration.GetAsync("/api/v1/api-keys/current");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        using var unknown = fixture.Api.Client();
        unknown.DefaultRequestHeaders.Add("X-Api-Key", ApiKeyFormat.Create("test").Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("/api/v1/api-keys/current")).StatusCode);

        var problem = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scopes = new[] { "api", "partner" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("scopes", problem.GetProperty("errors").ToString());
    }
}
