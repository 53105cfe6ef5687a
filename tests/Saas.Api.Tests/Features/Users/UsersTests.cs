using System.Net;
using System.Net.Http.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Users;

public class UsersTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task An_invited_user_activates_once_with_a_password_that_follows_the_rules()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var email = $"maria-{Guid.NewGuid():N}@example.com";
        var invited = await (await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Мария", role = "manager" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("invited", invited.GetProperty("status").GetString());
        var token = invited.GetProperty("activationToken").GetString();
        using var anonymous = fixture.Api.Client();

        var tooShort = await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = token, password = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(tooShort.GetProperty("errors").TryGetProperty("password", out _));
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = token, password = email }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = token + "x", password = Password }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        var activated = await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = token, password = Password }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", activated.GetProperty("status").GetString());
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = token, password = Password }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        var listed = await (await admin.GetAsync("/api/v1/users?status=active&role=manager")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task Invitations_validate_and_emails_are_unique_within_the_tenant_only()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var otherAdmin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var problem = await (await admin.PostAsJsonAsync("/api/v1/users", new { email = "nope", fullName = "", role = "owner" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(3, problem.GetProperty("errors").EnumerateObject().Count());

        var email = $"one-{Guid.NewGuid():N}@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "One", role = "employee" })).AssertStatusAsync(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/users", new { email = email.ToUpperInvariant(), fullName = "Again", role = "employee" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        // Another company's answer must not tell it that this address is in use elsewhere.
        await (await otherAdmin.PostAsJsonAsync("/api/v1/users", new { email = email.ToUpperInvariant(), fullName = "Two", role = "employee" }))
            .AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Roles_change_but_the_last_active_admin_stays_and_an_invited_admin_does_not_count()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var users = await (await admin.GetAsync("/api/v1/users?role=admin")).AssertStatusAsync(HttpStatusCode.OK);
        var adminId = users.GetProperty("items")[0].GetProperty("id").GetGuid();

        await (await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { role = "manager" })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await admin.DeleteAsync($"/api/v1/users/{adminId}")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        var invited = await (await admin.PostAsJsonAsync("/api/v1/users", new { email = $"b-{Guid.NewGuid():N}@example.com", fullName = "B", role = "employee" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var id = invited.GetProperty("id").GetGuid();
        var promoted = await (await admin.PatchAsJsonAsync($"/api/v1/users/{id}", new { role = "admin" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("admin", promoted.GetProperty("role").GetString());

        // An admin who never activated cannot sign in: with only them left the tenant would have no admin at all.
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { role = "manager" })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await admin.DeleteAsync($"/api/v1/users/{adminId}")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("admin", (await (await admin.GetAsync($"/api/v1/users/{adminId}")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("role").GetString());

        using var anonymous = fixture.Api.Client();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = invited.GetProperty("activationToken").GetString(), password = Password }))
            .AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { role = "manager" })).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_role_change_or_a_new_employee_link_takes_effect_on_the_users_existing_tokens_at_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var secondAdminToken = await fixture.Api.UserTokenAsync(tenant, "admin");
        using var secondAdmin = fixture.Api.Client();
        secondAdmin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secondAdminToken);
        var secondAdminId = Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(secondAdminToken).Subject);
        await (await secondAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "before", scopes = new[] { "actuals:read" } })).AssertStatusAsync(HttpStatusCode.Created);

        await (await admin.PatchAsJsonAsync($"/api/v1/users/{secondAdminId}", new { role = "employee" })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await secondAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "after", scopes = new[] { "actuals:read" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondAdmin.PostAsJsonAsync("/api/v1/users",
            new { email = $"e-{Guid.NewGuid():N}@example.com", fullName = "E", role = "admin" })).StatusCode);

        async Task<Guid> EmployeeAsync(string name) => (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = name, role = "sales_manager", baseSalary = 1000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var anna = await EmployeeAsync("Anna");
        var boris = await EmployeeAsync("Boris");
        var annaToken = await fixture.Api.UserTokenAsync(tenant, "employee", anna);
        using var annaClient = fixture.Api.Client();
        annaClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", annaToken);
        Assert.Equal(HttpStatusCode.OK, (await annaClient.GetAsync("/api/v1/me/statements")).StatusCode);

        var annaUser = Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(annaToken).Subject);
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{annaUser}", new { employeeId = boris })).AssertStatusAsync(HttpStatusCode.OK);

        // The old token names Anna's employee record; it must not go on showing that record's statements.
        Assert.Equal(HttpStatusCode.Unauthorized, (await annaClient.GetAsync("/api/v1/me/statements")).StatusCode);
    }

    [Fact]
    public async Task Deactivation_ends_the_users_sessions_at_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        using var manager = fixture.Api.Client(tenant, "manager");
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/v1/teams")).StatusCode);
        var managers = await (await admin.GetAsync("/api/v1/users?role=manager")).AssertStatusAsync(HttpStatusCode.OK);
        var managerId = managers.GetProperty("items")[0].GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{managerId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await manager.GetAsync("/api/v1/teams")).StatusCode);
        var read = await (await admin.GetAsync($"/api/v1/users/{managerId}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("deactivated", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_new_activation_token_replaces_the_old_one()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var invited = await (await admin.PostAsJsonAsync("/api/v1/users", new { email = $"c-{Guid.NewGuid():N}@example.com", fullName = "C", role = "employee" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var id = invited.GetProperty("id").GetGuid();
        var reissued = await (await admin.PostAsync($"/api/v1/users/{id}/activation-token", null)).AssertStatusAsync(HttpStatusCode.OK);
        using var anonymous = fixture.Api.Client();

        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = invited.GetProperty("activationToken").GetString(), password = Password }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken = reissued.GetProperty("activationToken").GetString(), password = Password }))
            .AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/v1/users/{id}/activation-token", null)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Another_tenants_users_and_keys_are_not_found()
    {
        using var owner = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var user = await (await owner.PostAsJsonAsync("/api/v1/users", new { email = $"d-{Guid.NewGuid():N}@example.com", fullName = "D", role = "employee" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var key = await (await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { "actuals:write" } })).AssertStatusAsync(HttpStatusCode.Created);
        var userUrl = $"/api/v1/users/{user.GetProperty("id").GetGuid()}";

        await (await stranger.GetAsync(userUrl)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PatchAsJsonAsync(userUrl, new { role = "admin" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.DeleteAsync(userUrl)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsync(userUrl + "/activation-token", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var keys = await (await stranger.GetAsync("/api/v1/api-keys")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(keys.GetProperty("items").EnumerateArray());
    }
}
