using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Assistant;

public class AssistantTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    public const string SeedText = "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.";

    private static Dictionary<string, int?> RoleCounts(JsonElement understood) =>
        understood.GetProperty("roles").EnumerateArray().ToDictionary(
            r => r.GetProperty("role").GetString()!,
            r => r.GetProperty("count").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("count").GetInt32());

    [Fact]
    public async Task The_seed_text_is_understood_as_roles_with_counts_and_a_ramped_goal()
    {
        using var manager = fixture.Api.Client(await fixture.CreateTenantAsync(), "manager");
        var understood = await (await manager.PostAsJsonAsync("/api/v1/assistant/parse", new { text = SeedText })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal("ru", understood.GetProperty("language").GetString());
        Assert.Equal(new Dictionary<string, int?> { ["marketer"] = 2, ["smm"] = 1, ["sales_manager"] = 3 }, RoleCounts(understood));
        var goal = Assert.Single(understood.GetProperty("goals").EnumerateArray());
        Assert.Equal("increase", goal.GetProperty("direction").GetString());
        Assert.Equal(0.15m, goal.GetProperty("from").GetDecimal());
        Assert.Equal(0.20m, goal.GetProperty("to").GetDecimal());
        Assert.Equal(3, goal.GetProperty("horizonMonths").GetInt32());
        Assert.Empty(understood.GetProperty("unrecognized").EnumerateArray());
    }

    [Fact]
    public async Task Words_it_does_not_know_come_back_with_their_place_and_an_inexact_count_is_not_guessed()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        const string text = "two marketers, a designer and several SDRs";
        var understood = await (await admin.PostAsJsonAsync("/api/v1/assistant/parse", new { text })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal("en", understood.GetProperty("language").GetString());
        var counts = RoleCounts(understood);
        Assert.Equal(2, counts["marketer"]);
        Assert.Null(counts["sdr"]);
        var fragments = understood.GetProperty("unrecognized").EnumerateArray().ToList();
        Assert.Contains(fragments, f => f.GetProperty("text").GetString()!.Contains("designer", StringComparison.Ordinal)
            && text.Substring(f.GetProperty("start").GetInt32(), f.GetProperty("length").GetInt32()) == f.GetProperty("text").GetString());
        Assert.Contains(fragments, f => f.GetProperty("reason").GetString() == "count_not_exact");
    }

    [Fact]
    public async Task Text_over_the_limit_is_refused_and_a_missing_text_is_a_validation_error()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        await (await admin.PostAsJsonAsync("/api/v1/assistant/parse", new { text = new string('а', 4001) }))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        await (await admin.PostAsJsonAsync("/api/v1/assistant/parse", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync("/api/v1/assistant/parse", new { text = "" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync("/api/v1/assistant/parse", new { text = "'; drop table employees; -- 🙂" })).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Employees_cannot_use_the_assistant()
    {
        using var employee = fixture.Api.Client(await fixture.CreateTenantAsync(), "employee");
        await (await employee.PostAsJsonAsync("/api/v1/assistant/parse", new { text = SeedText })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
