using System.Net;
using Alba;
using Microsoft.IdentityModel.JsonWebTokens;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Users;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using Activate = Saas.Api.Features.Identity.Activate;
using InviteUser = Saas.Api.Features.Users.InviteUser;
using ReissueActivation = Saas.Api.Features.Users.ReissueActivation;

namespace Saas.Api.Tests.Features.Users;

public class UsersTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Password = "a long enough passphrase";

    private IAlbaHost Host => fixture.Host;

    private async Task<InviteUser.Response> InviteAsync(string admin, string role = "employee", string? email = null) =>
        (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email = email ?? $"u-{Guid.NewGuid():N}@example.com", fullName = "U", role }).ToUrl("/api/v1/users");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<InviteUser.Response>();

    private Task<IScenarioResult> ActivateAsync(string? token, string password, HttpStatusCode expected = HttpStatusCode.OK) =>
        Host.Scenario(s =>
        {
            s.Post.Json(new { activationToken = token, password }).ToUrl("/api/v1/auth/activate");
            if (expected == HttpStatusCode.OK)
                s.StatusCodeShouldBeOk();
            else
                s.ProblemShouldBe(expected, "validation");
        });

    private static Guid UserOf(string token) => Guid.Parse(new JsonWebToken(token).Subject);

    [Fact]
    public async Task An_invited_user_activates_once_with_a_password_that_follows_the_rules()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var email = $"maria-{Guid.NewGuid():N}@example.com";
        var invited = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email, fullName = "Мария", role = "manager" }).ToUrl("/api/v1/users");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var maria = invited.ReadAsJson<InviteUser.Response>();
        Assert.Equal($"/api/v1/users/{maria.Id}", invited.Context.Response.Headers.Location.ToString());
        Assert.Equal(("invited", email, "manager"), (maria.Status, maria.Email, maria.Role));
        var token = maria.ActivationToken;

        var tooShort = (await ActivateAsync(token, "short", HttpStatusCode.BadRequest)).ReadProblem();
        Assert.True(tooShort.Errors!.ContainsKey("password"));
        await ActivateAsync(token, email, HttpStatusCode.BadRequest);
        await ActivateAsync(token + "x", Password, HttpStatusCode.BadRequest);

        var activated = (await ActivateAsync(token, Password)).ReadAsJson<Activate.Response>();
        Assert.Equal("active", activated.Status);
        await ActivateAsync(token, Password, HttpStatusCode.BadRequest);

        var listed = await Host.GetAsJson<Page<UserResponse>>("/api/v1/users?status=active&role=manager", admin);
        Assert.Contains(listed.Items, u => u.Email == email);
    }

    [Fact]
    public async Task Invitations_validate_and_emails_are_unique_within_the_tenant_only()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var otherAdmin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email = "nope", fullName = "", role = "owner" }).ToUrl("/api/v1/users");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["email", "fullName", "role"], problem.Errors!.Keys.Order(StringComparer.Ordinal));

        var email = $"one-{Guid.NewGuid():N}@example.com";
        await InviteAsync(admin, email: email);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email = email.ToUpperInvariant(), fullName = "Again", role = "employee" }).ToUrl("/api/v1/users");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        // Another company's answer must not tell it that this address is in use elsewhere.
        await InviteAsync(otherAdmin, email: email.ToUpperInvariant());
    }

    [Fact]
    public async Task Lists_page_by_cursor_and_their_filters_are_validated()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var invited = new List<Guid>();
        for (var i = 0; i < 3; i++)
            invited.Add((await InviteAsync(admin)).Id);

        var first = await Host.GetAsJson<Page<UserResponse>>("/api/v1/users?limit=2", admin);
        Assert.Equal(2, first.Items.Count);
        var second = await Host.GetAsJson<Page<UserResponse>>($"/api/v1/users?limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(2, second.Items.Count); // the admin and three invited
        Assert.Null(second.NextCursor);
        Assert.Equal(invited, (await Host.GetAsJson<Page<UserResponse>>("/api/v1/users?status=invited", admin)).Items.Select(u => u.Id));

        foreach (var (query, field, rule) in new[]
        {
            ("role=owner", "role", "Must"),
            ("status=banned", "status", "Must"),
            ("limit=201", "limit", "InclusiveBetween"),
            ("cursor=nonsense", "cursor", "Cursor"),
        })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/users?" + query);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.Equal([rule], problem.Rules![field]);
        }
    }

    [Fact]
    public async Task Roles_change_but_the_last_active_admin_stays_and_an_invited_admin_does_not_count()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var adminId = (await Host.GetAsJson<Page<UserResponse>>("/api/v1/users?role=admin", admin)).Items[0].Id;
        Assert.Equal(UserOf(admin), adminId);

        async Task LastAdminStaysAsync()
        {
            await Host.Scenario(s =>
            {
                s.As(admin).Patch.Json(new { role = "manager" }).ToUrl($"/api/v1/users/{adminId}");
                s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
            });
            await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/users/{adminId}"); s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict"); });
        }

        await LastAdminStaysAsync();

        var invited = await InviteAsync(admin);
        var promoted = (await Host.Scenario(s => s.As(admin).Patch.Json(new { role = "admin" }).ToUrl($"/api/v1/users/{invited.Id}")))
            .ReadAsJson<UserResponse>();
        Assert.Equal("admin", promoted.Role);

        // An admin who never activated cannot sign in: with only them left the tenant would have no admin at all.
        await LastAdminStaysAsync();
        Assert.Equal("admin", (await Host.GetAsJson<UserResponse>($"/api/v1/users/{adminId}", admin)).Role);

        await ActivateAsync(invited.ActivationToken, Password);
        await Host.Scenario(s => s.As(admin).Patch.Json(new { role = "manager" }).ToUrl($"/api/v1/users/{adminId}"));
    }

    [Fact]
    public async Task An_update_takes_if_match_and_a_stale_one_is_412()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var invited = await InviteAsync(admin);
        var url = $"/api/v1/users/{invited.Id}";
        var read = await Host.Scenario(s => s.As(admin).Get.Url(url));
        Assert.Equal("\"1\"", read.Context.Response.Headers.ETag.ToString());

        var renamed = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { fullName = "Renamed" }).ToUrl(url);
            s.WithRequestHeader("If-Match", "\"1\"");
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        })).ReadAsJson<UserResponse>();
        Assert.Equal(("Renamed", 2), (renamed.FullName, renamed.Version));
        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { fullName = "Stale" }).ToUrl(url);
            s.WithRequestHeader("If-Match", "\"1\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });
        var unknownEmployee = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { employeeId = Guid.CreateVersion7() }).ToUrl(url);
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["EmployeeExists"], unknownEmployee.Rules!["employeeId"]);
        foreach (var body in new[] { $$"""{"id":"{{Guid.NewGuid()}}","fullName":"X"}""", """{"fullName":"X","status":"active"}""" })
            await Host.Scenario(s =>
            {
                s.As(admin).Patch.Text(body).ToUrl(url);
                s.WithRequestHeader("Content-Type", "application/json");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
            });
        var unchanged = await Host.GetAsJson<UserResponse>(url, admin);
        Assert.Equal(("Renamed", "invited", 2), (unchanged.FullName, unchanged.Status, unchanged.Version));
    }

    [Fact]
    public async Task A_role_change_or_a_new_employee_link_takes_effect_on_the_users_existing_tokens_at_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var secondAdmin = await fixture.TokenAsync(tenant, "admin");
        await Host.Scenario(s =>
        {
            s.As(secondAdmin).Post.Json(new { name = "before", scopes = new[] { "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        await Host.Scenario(s => s.As(admin).Patch.Json(new { role = "employee" }).ToUrl($"/api/v1/users/{UserOf(secondAdmin)}"));

        await Host.Scenario(s =>
        {
            s.As(secondAdmin).Post.Json(new { name = "after", scopes = new[] { "actuals:read" } }).ToUrl("/api/v1/api-keys");
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });
        await Host.Scenario(s =>
        {
            s.As(secondAdmin).Post.Json(new { email = $"e-{Guid.NewGuid():N}@example.com", fullName = "E", role = "admin" }).ToUrl("/api/v1/users");
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });

        async Task<Guid> EmployeeAsync(string name) => (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = name, role = "sales_manager", baseSalary = 1000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<EmployeeResponse>().Id;
        var anna = await EmployeeAsync("Anna");
        var boris = await EmployeeAsync("Boris");
        var annaToken = await fixture.TokenAsync(tenant, "employee", anna);
        await Host.Scenario(s => s.As(annaToken).Get.Url("/api/v1/me/statements"));

        var linked = (await Host.Scenario(s => s.As(admin).Patch.Json(new { employeeId = boris }).ToUrl($"/api/v1/users/{UserOf(annaToken)}")))
            .ReadAsJson<UserResponse>();
        Assert.Equal(boris, linked.EmployeeId);

        // The old token names Anna's employee record; it must not go on showing that record's statements.
        await Host.Scenario(s =>
        {
            s.As(annaToken).Get.Url("/api/v1/me/statements");
            s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized");
        });
    }

    [Fact]
    public async Task Deactivation_ends_the_users_sessions_at_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var manager = await fixture.TokenAsync(tenant, "manager");
        await Host.Scenario(s => s.As(manager).Get.Url("/api/v1/teams"));
        var managerId = (await Host.GetAsJson<Page<UserResponse>>("/api/v1/users?role=manager", admin)).Items[0].Id;
        Assert.Equal(UserOf(manager), managerId);

        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/users/{managerId}"); s.StatusCodeShouldBe(HttpStatusCode.NoContent); });

        await Host.Scenario(s => { s.As(manager).Get.Url("/api/v1/teams"); s.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthorized"); });
        Assert.Equal("deactivated", (await Host.GetAsJson<UserResponse>($"/api/v1/users/{managerId}", admin)).Status);
    }

    [Fact]
    public async Task A_new_activation_token_replaces_the_old_one()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var invited = await InviteAsync(admin);
        var reissued = (await Host.Scenario(s => s.As(admin).Post.Url($"/api/v1/users/{invited.Id}/activation-token")))
            .ReadAsJson<ReissueActivation.Response>();
        Assert.Equal(invited.Id, reissued.Id);
        Assert.NotEqual(invited.ActivationToken, reissued.ActivationToken);

        await ActivateAsync(invited.ActivationToken, Password, HttpStatusCode.BadRequest);
        await ActivateAsync(reissued.ActivationToken, Password);
        await Host.Scenario(s =>
        {
            s.As(admin).Post.Url($"/api/v1/users/{invited.Id}/activation-token");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
    }

    [Fact]
    public async Task Managers_and_employees_are_not_let_in()
    {
        var tenant = await fixture.CreateTenantAsync();
        foreach (var role in new[] { "manager", "employee" })
        {
            var token = await fixture.TokenAsync(tenant, role);
            await Host.Scenario(s => { s.As(token).Get.Url("/api/v1/users"); s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden"); });
            await Host.Scenario(s =>
            {
                s.As(token).Post.Json(new { email = $"f-{Guid.NewGuid():N}@example.com", fullName = "F", role = "admin" }).ToUrl("/api/v1/users");
                s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
            });
        }
    }

    [Fact]
    public async Task Another_tenants_users_and_keys_are_not_found()
    {
        var owner = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var user = await InviteAsync(owner);
        var key = (await Host.Scenario(s =>
        {
            s.As(owner).Post.Json(new { name = "CRM", scopes = new[] { "actuals:write" } }).ToUrl("/api/v1/api-keys");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<Saas.Api.Features.ApiKeys.CreateApiKey.Response>();
        var userUrl = $"/api/v1/users/{user.Id}";

        await Host.Scenario(s => { s.As(stranger).Get.Url(userUrl); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Patch.Json(new { role = "admin" }).ToUrl(userUrl); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url(userUrl); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Post.Url(userUrl + "/activation-token"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url($"/api/v1/api-keys/{key.Id}"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        Assert.Empty((await Host.GetAsJson<Page<Saas.Api.Features.ApiKeys.ApiKeyResponse>>("/api/v1/api-keys", stranger)).Items);

        var intact = await Host.GetAsJson<UserResponse>(userUrl, owner);
        Assert.Equal(("employee", "invited"), (intact.Role, intact.Status));
    }
}
