using System.Net;
using Alba;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Features.Assistant;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Teams;

public class TeamPositionsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private static Dictionary<string, (int Headcount, int Filled)> PositionsOf(TeamResponse team) =>
        team.Positions.ToDictionary(p => p.Role, p => (p.Headcount, p.Filled));

    private Task<IScenarioResult> PostTeamAsync(string admin, object team, HttpStatusCode expected = HttpStatusCode.Created) =>
        Host.Scenario(s =>
        {
            s.As(admin).Post.Json(team).ToUrl("/api/v1/teams");
            if (expected == HttpStatusCode.Created)
                s.StatusCodeShouldBe(expected);
            else
                s.ProblemShouldBe(expected, "validation");
        });

    [Fact]
    public async Task A_team_described_in_words_gets_placeholder_positions_that_employees_fill()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var created = (await PostTeamAsync(admin, new { name = "Маркетинг и продажи", description = AssistantTests.SeedText })).ReadAsJson<TeamResponse>();
        Assert.Equal(new Dictionary<string, (int, int)> { ["marketer"] = (2, 0), ["smm"] = (1, 0), ["sales_manager"] = (3, 0) }, PositionsOf(created));
        Assert.Equal("marketing", created.Department); // 3 in marketing, 3 in sales: the first role's wins the tie
        Assert.Single(created.Understood!.Goals);

        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Анна", role = "sales_manager", teamId = created.Id, baseSalary = 100_000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var read = await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{created.Id}", admin);
        Assert.Equal((3, 1), PositionsOf(read)["sales_manager"]);
        Assert.Null(read.Understood);
    }

    [Fact]
    public async Task Positions_may_be_given_explicitly_and_replaced()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var created = (await PostTeamAsync(admin, new
        {
            name = "Продажи",
            positions = new[] { new { role = "sales_manager", headcount = 3 }, new { role = "head_of_sales", headcount = 1 } },
        })).ReadAsJson<TeamResponse>();
        Assert.Equal("sales", created.Department);

        var updated = (await Host.Scenario(s =>
            s.As(admin).Patch.Json(new { positions = new[] { new { role = "sdr", headcount = 2 } } }).ToUrl($"/api/v1/teams/{created.Id}")))
            .ReadAsJson<TeamResponse>();
        Assert.Equal(new Dictionary<string, (int, int)> { ["sdr"] = (2, 0) }, PositionsOf(updated));

        await PostTeamAsync(admin, new { name = "X", positions = new[] { new { role = "designer", headcount = 1 } } }, HttpStatusCode.BadRequest);
        await PostTeamAsync(admin, new { name = "Y", positions = new[] { new { role = "sdr", headcount = 0 } } }, HttpStatusCode.BadRequest);
        await PostTeamAsync(admin, new { name = "Z" }, HttpStatusCode.BadRequest);
    }

    // The page's filled positions are read in the same batch as its teams, by the page's window again in SQL (ListTeams'
    // TeamPage): with a page of one, a window that lost the cursor or the department would count another team's employees.
    [Fact]
    public async Task The_list_counts_each_teams_filled_positions_on_every_page_and_in_a_department()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var planned = new (string Name, string Role, int Headcount, int Active, int Deactivated)[]
        {
            ("Sales 1", "sales_manager", 3, 2, 0), ("Sales 2", "sales_manager", 2, 1, 1), ("Marketing 1", "marketer", 2, 1, 0),
            ("Marketing 2", "marketer", 1, 0, 1),
        };
        foreach (var (name, role, headcount, active, deactivated) in planned)
        {
            var team = (await PostTeamAsync(admin, new { name, positions = new[] { new { role, headcount } } })).ReadAsJson<TeamResponse>();
            for (var i = 0; i < active + deactivated; i++)
            {
                var employee = (await Host.Scenario(s =>
                {
                    s.As(admin).Post.Json(new { fullName = $"{name} {i}", role, teamId = team.Id, baseSalary = 100_000m }).ToUrl("/api/v1/employees");
                    s.StatusCodeShouldBe(HttpStatusCode.Created);
                })).ReadAsJson<EmployeeResponse>();
                if (i >= active)
                    await Host.Scenario(s =>
                    {
                        s.As(admin).Delete.Url($"/api/v1/employees/{employee.Id}");
                        s.StatusCodeShouldBe(HttpStatusCode.OK);
                    });
            }
        }

        foreach (var department in new[] { "", "&department=sales", "&department=marketing" })
        {
            var listed = new List<TeamResponse>();
            string? cursor = null;
            do
            {
                var page = await Host.GetAsJson<Page<TeamResponse>>($"/api/v1/teams?limit=1{department}" + (cursor is null ? "" : $"&cursor={cursor}"), admin);
                listed.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            var expected = planned.Where(p => department == "" || department.EndsWith(p.Role == "marketer" ? "marketing" : "sales"));
            Assert.Equal(expected.Select(p => $"{p.Name} {p.Role}:{p.Headcount}/{p.Active}"),
                listed.Select(t => $"{t.Name} " + string.Join(' ', t.Positions.Select(p => $"{p.Role}:{p.Headcount}/{p.Filled}"))));
            foreach (var team in listed)
                Assert.Equal(PositionsOf(team), PositionsOf(await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{team.Id}", admin)));
        }
    }

    [Fact]
    public async Task A_description_without_exact_counts_or_roles_is_asked_back_and_nothing_is_created()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var vague = (await PostTeamAsync(admin, new { name = "A", description = "несколько маркетологов и два SDR" }, HttpStatusCode.BadRequest)).ReadProblem();
        Assert.Contains("маркетолог", vague.Errors!["description"][0]);
        await PostTeamAsync(admin, new { name = "B", description = "просто хорошие люди" }, HttpStatusCode.BadRequest);
        Assert.Empty((await Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams", admin)).Items);
    }
}
