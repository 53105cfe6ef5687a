using System.Net;
using Alba;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Text;

namespace Saas.Api.Tests.Features.Assistant;

public class AssistantTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    public const string SeedText = "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.";

    private IAlbaHost Host => fixture.Host;

    private static Dictionary<Role, int?> RoleCounts(TeamAndGoals understood) => understood.Roles.ToDictionary(r => r.Role, r => r.Count);

    private async Task<TeamAndGoals> ParseAsync(string token, string text) =>
        (await Host.Scenario(s => s.As(token).Post.Json(new { text }).ToUrl("/api/v1/assistant/parse"))).ReadAsJson<TeamAndGoals>();

    [Fact]
    public async Task The_seed_text_is_understood_as_roles_with_counts_and_a_ramped_goal()
    {
        var manager = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "manager");
        var understood = await ParseAsync(manager, SeedText);

        Assert.Equal(Language.Ru, understood.Language);
        Assert.Equal(new Dictionary<Role, int?> { [Role.Marketer] = 2, [Role.Smm] = 1, [Role.SalesManager] = 3 }, RoleCounts(understood));
        var goal = Assert.Single(understood.Goals);
        Assert.Equal((GoalDirection.Increase, 0.15m, 0.20m, 3), (goal.Direction, goal.From, goal.To, goal.HorizonMonths));
        Assert.Empty(understood.Unrecognized);
    }

    [Fact]
    public async Task Words_it_does_not_know_come_back_with_their_place_and_an_inexact_count_is_not_guessed()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        const string text = "two marketers, a designer and several SDRs";
        var understood = await ParseAsync(admin, text);

        Assert.Equal(Language.En, understood.Language);
        var counts = RoleCounts(understood);
        Assert.Equal(2, counts[Role.Marketer]);
        Assert.Null(counts[Role.Sdr]);
        Assert.Contains(understood.Unrecognized, f => f.Text.Contains("designer", StringComparison.Ordinal) && text.Substring(f.Start, f.Length) == f.Text);
        Assert.Contains(understood.Unrecognized, f => f.Reason == "count_not_exact");
    }

    [Fact]
    public async Task Text_over_the_limit_is_refused_and_a_missing_text_is_a_validation_error()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { text = new string('а', 4001) }).ToUrl("/api/v1/assistant/parse");
            s.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        });
        var missing = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { }).ToUrl("/api/v1/assistant/parse");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["NotNull"], missing.Rules!["text"]);
        Assert.Empty((await ParseAsync(admin, "")).Roles);
        Assert.Empty((await ParseAsync(admin, "'; drop table employees; -- 🙂")).Roles);
    }

    [Fact]
    public async Task A_body_that_is_not_the_operations_json_is_refused_as_such()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        foreach (var (body, type) in new[] { ("""{"text":"two SDRs","language":"en"}""", "unknown-property"), ("""{"text":2}""", "malformed-json") })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Post.Text(body).ToUrl("/api/v1/assistant/parse");
                s.WithRequestHeader("Content-Type", "application/json");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, type);
            })).ReadProblem();
            Assert.Single(problem.Errors!);
        }
    }

    [Fact]
    public async Task Employees_cannot_use_the_assistant()
    {
        var employee = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "employee");
        await Host.Scenario(s =>
        {
            s.As(employee).Post.Json(new { text = SeedText }).ToUrl("/api/v1/assistant/parse");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
    }
}
