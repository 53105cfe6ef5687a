using System.Net;
using Alba;
using Saas.Api.Features.ApiKeys;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using CreateApiKey = Saas.Api.Features.ApiKeys.CreateApiKey;
using CurrentApiKey = Saas.Api.Features.ApiKeys.CurrentApiKey;

namespace Saas.Api.Tests.Features.ApiKeys;

public class ApiKeyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

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
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var creation = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "Bitrix24", scopes = new[] { "actuals:write", "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
            s.Header("Cache-Control").SingleValueShouldEqual("no-store");
        });
        var created = creation.ReadAsJson<CreateApiKey.Response>();
        Assert.Equal($"/api/v1/api-keys/{created.Id}", creation.Context.Response.Headers.Location.ToString());
        Assert.StartsWith(created.Prefix, created.Key);

        var current = (await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/api-keys/current");
            s.WithRequestHeader("X-Api-Key", created.Key);
        })).ReadAsJson<CurrentApiKey.Response>();
        Assert.Equal((created.Id, "Bitrix24", tenant), (current.Id, current.Name, current.TenantId));
        Assert.Equal(["actuals:write", "actuals:read"], current.Scopes);

        var listing = await Host.Scenario(s => s.As(admin).Get.Url("/api/v1/api-keys"));
        var listed = Assert.Single(listing.ReadAsJson<Page<ApiKeyResponse>>().Items);
        Assert.Equal(created.Prefix, listed.Prefix);
        Assert.NotNull(listed.LastUsedAt);
        Assert.Null(listed.RevokedAt);
        Assert.Equal(created.CreatedAt, listed.CreatedAt);
        Assert.DoesNotContain(created.Key, listing.ReadAsText());

        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/api-keys/{created.Id}"); s.StatusCodeShouldBe(HttpStatusCode.NoContent); });
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/api-keys/current");
            s.WithRequestHeader("X-Api-Key", created.Key);
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });
        Assert.Empty((await Host.GetAsJson<Page<ApiKeyResponse>>("/api/v1/api-keys", admin)).Items);
        var revoked = Assert.Single((await Host.GetAsJson<Page<ApiKeyResponse>>("/api/v1/api-keys?includeRevoked=true", admin)).Items);
        Assert.NotNull(revoked.RevokedAt);
    }

    [Fact]
    public async Task A_mistyped_or_unknown_key_is_401_and_user_scopes_are_not_key_scopes()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/api-keys/current");
            s.WithRequestHeader("X-Api-Key", "sk_test_definitely-not-a-key");
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/api-keys/current");
            s.WithRequestHeader("X-Api-Key", ApiKeyFormat.Create("test").Key);
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });

        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "x", scopes = new[] { "api", "partner" } }).ToUrl("/api/v1/api-keys");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains(problem.Errors!.Keys, field => field.StartsWith("scopes", StringComparison.Ordinal));
        Assert.Empty((await Host.GetAsJson<Page<ApiKeyResponse>>("/api/v1/api-keys", admin)).Items);
    }

    [Fact]
    public async Task A_valid_key_on_an_endpoint_for_users_or_partners_is_403_saying_what_to_use_and_an_unknown_one_401()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var key = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "CRM", scopes = new[] { "actuals:write", "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<CreateApiKey.Response>().Key;

        foreach (var url in new[] { "/api/v1/teams", "/api/v1/me/statements", "/api/v1/partner/tenants" })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.WithRequestHeader("X-Api-Key", key);
                s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
            })).ReadProblem();
            Assert.StartsWith("API keys cannot call this endpoint", problem.Detail);
        }
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/teams");
            s.WithRequestHeader("X-Api-Key", ApiKeyFormat.Create("test").Key);
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });
    }

    [Fact]
    public async Task Only_an_admin_manages_keys_and_a_user_token_cannot_describe_a_key()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var manager = await fixture.TokenAsync(tenant, "manager");

        await Host.Scenario(s => { s.As(manager).Get.Url("/api/v1/api-keys"); s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden"); });
        await Host.Scenario(s =>
        {
            s.As(manager).Post.Json(new { name = "x", scopes = new[] { "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
        });
        await Host.Scenario(s => { s.As(admin).Get.Url("/api/v1/api-keys/current"); s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized"); });
    }

    [Fact]
    public async Task Lists_page_by_cursor_and_a_body_naming_an_unknown_property_is_refused()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        for (var i = 0; i < 3; i++)
            await Host.Scenario(s =>
            {
                s.As(admin).Post.Json(new { name = $"Key {i}", scopes = new[] { "actuals:read" } }).ToUrl("/api/v1/api-keys");
                s.StatusCodeShouldBe(HttpStatusCode.Created);
            });

        var first = await Host.GetAsJson<Page<ApiKeyResponse>>("/api/v1/api-keys?limit=2", admin);
        Assert.Equal(["Key 0", "Key 1"], first.Items.Select(k => k.Name));
        var last = await Host.GetAsJson<Page<ApiKeyResponse>>($"/api/v1/api-keys?limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(["Key 2"], last.Items.Select(k => k.Name));
        Assert.Null(last.NextCursor);
        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("cursor=nonsense", "cursor") })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/api-keys?" + query);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.True(problem.Errors!.ContainsKey(field), query);
        }

        await Host.Scenario(s =>
        {
            s.As(admin).Post.Text("""{"name":"x","scopes":["actuals:read"],"key":"sk_test_mine"}""").ToUrl("/api/v1/api-keys");
            s.WithRequestHeader("Content-Type", "application/json");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
        });
        Assert.Equal(3, (await Host.GetAsJson<Page<ApiKeyResponse>>("/api/v1/api-keys", admin)).Items.Count);
    }
}
