using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Teams;

public class TeamsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_read_update_and_delete_a_team()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());

        var created = await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Отдел продаж", department = "sales" });
        var team = await created.AssertStatusAsync(HttpStatusCode.Created);
        var id = team.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/teams/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("sales", team.GetProperty("department").GetString());

        var read = await admin.GetAsync($"/api/v1/teams/{id}");
        Assert.Equal("Отдел продаж", (await read.AssertStatusAsync(HttpStatusCode.OK)).GetProperty("name").GetString());

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/teams/{id}") { Content = JsonContent.Create(new { name = "Продажи B2B" }) };
        patch.Headers.IfMatch.ParseAdd("\"1\"");
        var updated = await (await admin.SendAsync(patch)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Продажи B2B", updated.GetProperty("name").GetString());
        Assert.Equal("sales", updated.GetProperty("department").GetString());
        Assert.Equal(2, updated.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/teams/{id}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/teams/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Lists_page_by_cursor_in_creation_order_and_filter_by_department()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        for (var i = 1; i <= 5; i++)
            await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = $"Team {i}", department = i % 2 == 0 ? "marketing" : "sales" }))
                .AssertStatusAsync(HttpStatusCode.Created);

        var first = await (await admin.GetAsync("/api/v1/teams?limit=2")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(["Team 1", "Team 2"], first.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await admin.GetAsync($"/api/v1/teams?limit=2&cursor={cursor}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(["Team 3", "Team 4"], second.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var last = await (await admin.GetAsync($"/api/v1/teams?limit=2&cursor={second.GetProperty("nextCursor").GetString()}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Single(last.GetProperty("items").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.GetProperty("nextCursor").ValueKind);

        var marketing = await (await admin.GetAsync("/api/v1/teams?department=marketing")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(["Team 2", "Team 4"], marketing.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Another_tenants_team_is_not_found_for_read_update_or_delete()
    {
        using var owner = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var team = await (await owner.PostAsJsonAsync("/api/v1/teams", new { name = "Secret", department = "sales" })).AssertStatusAsync(HttpStatusCode.Created);
        var url = $"/api/v1/teams/{team.GetProperty("id").GetGuid()}";

        await (await stranger.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PatchAsJsonAsync(url, new { name = "Mine now" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var list = await (await stranger.GetAsync("/api/v1/teams")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("items").EnumerateArray());

        var intact = await (await owner.GetAsync(url)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Secret", intact.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Team_names_are_unique_per_tenant_ignoring_case_but_not_across_tenants()
    {
        using var first = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var second = fixture.Api.Client(await fixture.CreateTenantAsync());
        await (await first.PostAsJsonAsync("/api/v1/teams", new { name = "Маркетинг", department = "marketing" })).AssertStatusAsync(HttpStatusCode.Created);

        await (await first.PostAsJsonAsync("/api/v1/teams", new { name = "МАРКЕТИНГ", department = "marketing" })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await second.PostAsJsonAsync("/api/v1/teams", new { name = "Маркетинг", department = "marketing" })).AssertStatusAsync(HttpStatusCode.Created);
    }
}
