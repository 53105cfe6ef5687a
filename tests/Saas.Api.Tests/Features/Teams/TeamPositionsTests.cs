using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Features.Assistant;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Teams;

public class TeamPositionsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static Dictionary<string, (int Headcount, int Filled)> PositionsOf(JsonElement team) =>
        team.GetProperty("positions").EnumerateArray().ToDictionary(
            p => p.GetProperty("role").GetString()!, p => (p.GetProperty("headcount").GetInt32(), p.GetProperty("filled").GetInt32()));

    [Fact]
    public async Task A_team_described_in_words_gets_placeholder_positions_that_employees_fill()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Маркетинг и продажи", description = AssistantTests.SeedText }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(new Dictionary<string, (int, int)> { ["marketer"] = (2, 0), ["smm"] = (1, 0), ["sales_manager"] = (3, 0) }, PositionsOf(created));
        Assert.Equal("marketing", created.GetProperty("department").GetString()); // 3 in marketing, 3 in sales: the first role's wins the tie
        Assert.Single(created.GetProperty("understood").GetProperty("goals").EnumerateArray());

        await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", teamId = id, baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var read = await (await admin.GetAsync($"/api/v1/teams/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal((3, 1), PositionsOf(read)["sales_manager"]);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("understood").ValueKind);
    }

    [Fact]
    public async Task Positions_may_be_given_explicitly_and_replaced()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await (await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = "Продажи",
            positions = new[] { new { role = "sales_manager", headcount = 3 }, new { role = "head_of_sales", headcount = 1 } },
        })).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("sales", created.GetProperty("department").GetString());
        var id = created.GetProperty("id").GetGuid();

        var updated = await (await admin.PatchAsJsonAsync($"/api/v1/teams/{id}", new { positions = new[] { new { role = "sdr", headcount = 2 } } }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, (int, int)> { ["sdr"] = (2, 0) }, PositionsOf(updated));

        await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "X", positions = new[] { new { role = "designer", headcount = 1 } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Y", positions = new[] { new { role = "sdr", headcount = 0 } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "Z" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_description_without_exact_counts_or_roles_is_asked_back_and_nothing_is_created()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var vague = await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "A", description = "несколько маркетологов и два SDR" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("маркетолог", vague.GetProperty("errors").GetProperty("description")[0].GetString());
        await (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "B", description = "просто хорошие люди" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Empty((await (await admin.GetAsync("/api/v1/teams")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }
}
