using System.Net;
using Alba;
using Marten;
using Npgsql;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Teams;

public class TeamsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private async Task<TeamResponse> CreateAsync(string admin, string name, string department = "sales")
    {
        var created = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name, department }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return created.ReadAsJson<TeamResponse>();
    }

    [Fact]
    public async Task Create_read_update_and_delete_a_team()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());

        var created = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "Отдел продаж", department = "sales" }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var team = created.ReadAsJson<TeamResponse>();
        Assert.Equal($"/api/v1/teams/{team.Id}", created.Context.Response.Headers.Location.ToString());
        Assert.Equal("sales", team.Department);

        var read = await Host.Scenario(s => s.As(admin).Get.Url($"/api/v1/teams/{team.Id}"));
        Assert.Equal("Отдел продаж", read.ReadAsJson<TeamResponse>().Name);

        var updated = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { name = "Продажи B2B" }).ToUrl($"/api/v1/teams/{team.Id}");
            s.WithRequestHeader("If-Match", "\"1\"");
        })).ReadAsJson<TeamResponse>();
        Assert.Equal(("Продажи B2B", "sales", 2), (updated.Name, updated.Department, updated.Version));
        // The revision is Marten's column alone: no copy of it in the JSON to go stale.
        await using (var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var stored = new NpgsqlCommand($"select mt_version, data ? 'version' from documents.mt_doc_team where id = '{team.Id}'", connection);
            await using var reader = await stored.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((2, false), (reader.GetInt32(0), reader.GetBoolean(1)));
        }

        await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/teams/{team.Id}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url($"/api/v1/teams/{team.Id}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var team = await CreateAsync(admin, "Sales");

        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { name = "Renamed" }).ToUrl($"/api/v1/teams/{team.Id}");
            s.WithRequestHeader("If-Match", "\"7\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/teams/{team.Id}");
            s.WithRequestHeader("If-Match", "\"7\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });
        Assert.Equal("Sales", (await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{team.Id}", admin)).Name);
    }

    [Fact]
    public async Task Lists_page_by_cursor_in_creation_order_and_filter_by_department()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        for (var i = 1; i <= 5; i++)
            await CreateAsync(admin, $"Team {i}", i % 2 == 0 ? "marketing" : "sales");

        var first = await Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams?limit=2", admin);
        Assert.Equal(["Team 1", "Team 2"], first.Items.Select(t => t.Name));
        var second = await Host.GetAsJson<Page<TeamResponse>>($"/api/v1/teams?limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(["Team 3", "Team 4"], second.Items.Select(t => t.Name));
        var last = await Host.GetAsJson<Page<TeamResponse>>($"/api/v1/teams?limit=2&cursor={second.NextCursor}", admin);
        Assert.Single(last.Items);
        Assert.Null(last.NextCursor);

        var marketing = await Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams?department=marketing", admin);
        Assert.Equal(["Team 2", "Team 4"], marketing.Items.Select(t => t.Name));

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=201", "limit"), ("cursor=nonsense", "cursor"), ("department=legal", "department") })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/teams?" + query);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.True(problem.Errors!.ContainsKey(field), query);
        }
    }

    [Fact]
    public async Task Another_tenants_team_is_not_found_for_read_update_or_delete()
    {
        var owner = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var team = await CreateAsync(owner, "Secret");
        var url = $"/api/v1/teams/{team.Id}";

        await Host.Scenario(s => { s.As(stranger).Get.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Patch.Json(new { name = "Mine now" }).ToUrl(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        Assert.Empty((await Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams", stranger)).Items);

        Assert.Equal("Secret", (await Host.GetAsJson<TeamResponse>(url, owner)).Name);
    }

    [Fact]
    public async Task Team_names_are_unique_per_tenant_ignoring_case_but_not_across_tenants()
    {
        var first = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var second = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await CreateAsync(first, "Маркетинг", "marketing");

        await Host.Scenario(s =>
        {
            s.As(first).Post.Json(new { name = "МАРКЕТИНГ", department = "marketing" }).ToUrl("/api/v1/teams");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        await CreateAsync(second, "Маркетинг", "marketing");
    }

    [Fact]
    public async Task Renaming_a_team_to_another_teams_name_is_a_conflict_and_changes_nothing()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await CreateAsync(admin, "Маркетинг", "marketing");
        var sales = await CreateAsync(admin, "Продажи");

        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { name = "маркетинг" }).ToUrl($"/api/v1/teams/{sales.Id}");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        var read = await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{sales.Id}", admin);
        Assert.Equal(("Продажи", 1), (read.Name, read.Version));
        // Its own name in another case is no conflict.
        var renamed = (await Host.Scenario(s => s.As(admin).Patch.Json(new { name = "ПРОДАЖИ" }).ToUrl($"/api/v1/teams/{sales.Id}"))).ReadAsJson<TeamResponse>();
        Assert.Equal(("ПРОДАЖИ", 2), (renamed.Name, renamed.Version));
    }

    [Fact]
    public async Task A_team_that_anyone_belongs_or_belonged_to_is_not_deleted()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var team = await CreateAsync(admin, "Продажи");
        var anna = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Анна", role = "sales_manager", teamId = team.Id, baseSalary = 100_000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<Saas.Api.Features.Employees.EmployeeResponse>();
        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}"); s.StatusCodeShouldBe(HttpStatusCode.OK); });

        await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/teams/{team.Id}");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        await Host.Scenario(s => s.As(admin).Get.Url($"/api/v1/teams/{team.Id}"));

        // Moved out of the team, she no longer holds it.
        await Host.Scenario(s => s.As(admin).Put.Json(new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }).ToUrl($"/api/v1/employees/{anna.Id}"));
        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/teams/{team.Id}"); s.StatusCodeShouldBe(HttpStatusCode.NoContent); });
    }

    [Fact]
    public async Task An_employee_joining_a_team_waits_for_its_deletion_and_then_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var team = await CreateAsync(admin, "Продажи");
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.PooledApplicationConnectionString());

        // A deletion in progress: it holds the tenant's team lock, as DeleteTeam does, until it commits.
        await using var deletion = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None, fixture.Service<IDocumentStore>());
        await Team.LockTenantsTeamsAsync(deletion);
        var joining = Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Анна", role = "sales_manager", teamId = team.Id, baseSalary = 100_000m }).ToUrl("/api/v1/employees");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        await Task.Delay(500);
        Assert.False(joining.IsCompleted, "the employee was written while the team's deletion held the lock");
        deletion.Documents.Delete<Team>(team.Id);
        await deletion.CommitAsync();

        Assert.True((await joining).ReadProblem().Errors!.ContainsKey("teamId"));
        Assert.Empty((await Host.GetAsJson<Page<Saas.Api.Features.Employees.EmployeeResponse>>("/api/v1/employees", admin)).Items);
    }

    [Fact]
    public async Task A_body_naming_the_route_id_or_an_unknown_property_is_refused()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var team = await CreateAsync(admin, "Sales");

        foreach (var body in new[] { $$"""{"id":"{{Guid.NewGuid()}}","name":"X"}""", """{"name":"X","departmentOrDefault":"sales"}""" })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Patch.Text(body).ToUrl($"/api/v1/teams/{team.Id}");
                s.WithRequestHeader("Content-Type", "application/json");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
            })).ReadProblem();
            Assert.Single(problem.Errors!);
        }
        Assert.Equal("Sales", (await Host.GetAsJson<TeamResponse>($"/api/v1/teams/{team.Id}", admin)).Name);
    }
}
