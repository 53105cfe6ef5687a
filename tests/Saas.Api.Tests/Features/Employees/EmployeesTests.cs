using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Employees;

public class EmployeesTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private static object Anna(Guid? teamId = null, object? externalIds = null) => new
    {
        fullName = "Анна Петрова",
        email = "anna@example.ru",
        role = "sales_manager",
        teamId,
        baseSalary = 100_000m,
        externalIds = externalIds ?? new Dictionary<string, string> { ["amocrm"] = "1001", ["bitrix24"] = "77" },
    };

    private static async Task<Guid> CreateTeamAsync(HttpClient admin, string name = "Продажи") =>
        (await (await admin.PostAsJsonAsync("/api/v1/teams", new { name, department = "sales" })).AssertStatusAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    private static async Task<JsonElement> CreateAsync(HttpClient admin, object body) =>
        await (await admin.PostAsJsonAsync("/api/v1/employees", body)).AssertStatusAsync(HttpStatusCode.Created);

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.ParseAdd(etag);
        return request;
    }

    [Fact]
    public async Task Create_read_replace_deactivate_and_reactivate_an_employee()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var teamId = await CreateTeamAsync(admin);

        var created = await admin.PostAsJsonAsync("/api/v1/employees", Anna(teamId));
        var anna = await created.AssertStatusAsync(HttpStatusCode.Created);
        var id = anna.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/employees/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("RUB", anna.GetProperty("currency").GetString()); // the tenant's currency when none is given
        Assert.Equal("sales", anna.GetProperty("department").GetString()); // the role's department when none is given
        Assert.Equal("active", anna.GetProperty("status").GetString());
        Assert.Equal(100_000m, anna.GetProperty("baseSalary").GetDecimal());
        Assert.Equal("1001", anna.GetProperty("externalIds").GetProperty("amocrm").GetString());

        var read = await (await admin.GetAsync($"/api/v1/employees/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(teamId, read.GetProperty("teamId").GetGuid());

        var replaced = await (await admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/employees/{id}", "\"1\"", new
        {
            fullName = "Анна Петрова",
            email = "anna@example.ru",
            role = "key_account_manager",
            baseSalary = 120_000.50m,
            currency = "EUR",
            startDate = "2026-01-15",
            externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
        }))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(2, replaced.GetProperty("version").GetInt32());
        Assert.Equal("account_management", replaced.GetProperty("department").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("teamId").ValueKind); // PUT replaces: no teamId, no team
        Assert.Equal("EUR", replaced.GetProperty("currency").GetString());
        Assert.Equal(["amocrm"], replaced.GetProperty("externalIds").EnumerateObject().Select(p => p.Name));

        await (await admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/employees/{id}", "\"1\"", Anna())))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var deactivated = await (await admin.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/employees/{id}?endDate=2026-11-20", "\"2\"")))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("inactive", deactivated.GetProperty("status").GetString());
        Assert.Equal("2026-11-20", deactivated.GetProperty("endDate").GetString());

        // History stays: a former employee is still readable and listed among former ones.
        var former = await (await admin.GetAsync($"/api/v1/employees/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("inactive", former.GetProperty("status").GetString());
        var formerList = await (await admin.GetAsync("/api/v1/employees?active=false")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal([id], formerList.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        var currentList = await (await admin.GetAsync("/api/v1/employees?active=true")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(currentList.GetProperty("items").EnumerateArray());

        var back = await (await admin.PostAsync($"/api/v1/employees/{id}/reactivate", null)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", back.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("endDate").ValueKind);
    }

    [Fact]
    public async Task Deactivation_without_an_end_date_uses_the_tenants_today_and_keeps_an_earlier_given_one()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var id = (await CreateAsync(admin, Anna())).GetProperty("id").GetGuid();

        var deactivated = await (await admin.DeleteAsync($"/api/v1/employees/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        var moscowToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
        Assert.Equal(moscowToday.ToString("yyyy-MM-dd"), deactivated.GetProperty("endDate").GetString());
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_a_validation_error_on_deactivation()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var body = new { fullName = "Иван", role = "sdr", baseSalary = 50_000m, startDate = "2026-06-01" };
        var id = (await CreateAsync(admin, body)).GetProperty("id").GetGuid();

        var problem = await (await admin.DeleteAsync($"/api/v1/employees/{id}?endDate=2026-05-31")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("endDate", out _));
        var unchanged = await (await admin.GetAsync($"/api/v1/employees/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", unchanged.GetProperty("status").GetString());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"role":"sales_manager","baseSalary":1}""", "fullName" },
        { """{"fullName":"A","role":"designer","baseSalary":1}""", "role" },
        { """{"fullName":"A","role":"sdr","baseSalary":-1}""", "baseSalary" },
        { """{"fullName":"A","role":"sdr"}""", "baseSalary" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"currency":"XXX"}""", "currency" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"currency":"JPY"}""", "" },
        { """{"fullName":"A","role":"sdr","baseSalary":100.5,"currency":"JPY"}""", "baseSalary" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"email":"not-an-email"}""", "email" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"department":"finance"}""", "department" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"startDate":"2026-02-01","endDate":"2026-01-31"}""", "endDate" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"externalIds":{"Amo CRM":"1"}}""", "externalIds[0].system" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"externalIds":{"amocrm":""}}""", "externalIds[0].id" },
        { """{"fullName":"A","role":"sdr","baseSalary":1,"teamId":"0195f6a0-0000-7000-8000-000000000000"}""", "teamId" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_fields_are_named_in_a_validation_problem_and_nothing_is_stored(string body, string field)
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var response = await admin.PostAsync("/api/v1/employees", HttpAssertions.Json(body));
        if (field == "")
        {
            await response.AssertStatusAsync(HttpStatusCode.Created); // the control: a whole yen is fine
            return;
        }
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var list = await (await admin.GetAsync("/api/v1/employees")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task E_mail_is_unique_per_tenant_ignoring_case_and_an_external_id_names_one_employee_per_system()
    {
        using var first = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var second = fixture.Api.Client(await fixture.CreateTenantAsync());
        await CreateAsync(first, Anna());

        await (await first.PostAsJsonAsync("/api/v1/employees", new { fullName = "Другая Анна", email = "ANNA@example.ru", role = "sdr", baseSalary = 1m }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var clash = await (await first.PostAsJsonAsync("/api/v1/employees", new
        {
            fullName = "Пётр",
            role = "sdr",
            baseSalary = 1m,
            externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
        })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Contains("1001", clash.GetProperty("detail").GetString());

        // The same id in another system, and the same e-mail and ids in another tenant, are someone else.
        await CreateAsync(first, new { fullName = "Пётр", role = "sdr", baseSalary = 1m, externalIds = new Dictionary<string, string> { ["hubspot"] = "1001" } });
        await CreateAsync(second, Anna());
        var list = await (await first.GetAsync("/api/v1/employees")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Lists_page_by_cursor_and_filter_by_team_role_activity_and_external_id()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var sales = await CreateTeamAsync(admin, "Sales");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await CreateAsync(admin, new
            {
                fullName = $"Employee {i}",
                role = i < 3 ? "sales_manager" : "marketer",
                teamId = i < 3 ? sales : (Guid?)null,
                baseSalary = 1000m * i,
                externalIds = new Dictionary<string, string> { ["amocrm"] = $"u{i}" },
            })).GetProperty("id").GetGuid());
        await admin.DeleteAsync($"/api/v1/employees/{ids[1]}");

        static Guid[] Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray();

        var first = await (await admin.GetAsync("/api/v1/employees?limit=2")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(ids[..2], Ids(first));
        var second = await (await admin.GetAsync($"/api/v1/employees?limit=2&cursor={first.GetProperty("nextCursor").GetString()}"))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(ids[2..4], Ids(second));

        Assert.Equal([ids[0], ids[1], ids[2]], Ids(await (await admin.GetAsync($"/api/v1/employees?teamId={sales}")).AssertStatusAsync(HttpStatusCode.OK)));
        Assert.Equal([ids[3], ids[4]], Ids(await (await admin.GetAsync("/api/v1/employees?role=marketer")).AssertStatusAsync(HttpStatusCode.OK)));
        Assert.Equal([ids[0], ids[2]], Ids(await (await admin.GetAsync($"/api/v1/employees?teamId={sales}&active=true")).AssertStatusAsync(HttpStatusCode.OK)));
        Assert.Equal([ids[3]], Ids(await (await admin.GetAsync("/api/v1/employees?externalSystem=amocrm&externalId=u3")).AssertStatusAsync(HttpStatusCode.OK)));

        await (await admin.GetAsync("/api/v1/employees?role=designer")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync("/api/v1/employees?externalSystem=amocrm")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync("/api/v1/employees?cursor=garbage")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_tenants_employee_is_not_found_and_its_team_cannot_be_named()
    {
        using var owner = fixture.Api.Client(await fixture.CreateTenantAsync());
        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        var ownersTeam = await CreateTeamAsync(owner);
        var id = (await CreateAsync(owner, Anna(ownersTeam))).GetProperty("id").GetGuid();
        var url = $"/api/v1/employees/{id}";

        await (await stranger.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PutAsJsonAsync(url, Anna())).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.PostAsync(url + "/reactivate", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await (await stranger.GetAsync("/api/v1/employees?externalSystem=amocrm&externalId=1001")).AssertStatusAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray());
        var problem = await (await stranger.PostAsJsonAsync("/api/v1/employees", Anna(ownersTeam))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("teamId", out _));

        var intact = await (await owner.GetAsync(url)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("active", intact.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Managers_read_admins_write_and_employees_are_not_let_in()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        using var manager = fixture.Api.Client(tenant, "manager");
        using var employee = fixture.Api.Client(tenant, "employee");
        var id = (await CreateAsync(admin, Anna())).GetProperty("id").GetGuid();

        await (await manager.GetAsync($"/api/v1/employees/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await manager.PostAsJsonAsync("/api/v1/employees", Anna())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/v1/employees/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await employee.GetAsync("/api/v1/employees")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_team_with_employees_cannot_be_deleted_and_a_user_links_only_to_an_existing_employee()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var teamId = await CreateTeamAsync(admin);
        var employeeId = (await CreateAsync(admin, Anna(teamId))).GetProperty("id").GetGuid();

        await (await admin.DeleteAsync($"/api/v1/teams/{teamId}")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        var unknown = await (await admin.PostAsJsonAsync("/api/v1/users", new { email = "x@example.ru", fullName = "X", role = "employee", employeeId = Guid.CreateVersion7() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("employeeId", out _));
        await (await admin.PostAsJsonAsync("/api/v1/users", new { email = "anna@example.ru", fullName = "Анна", role = "employee", employeeId }))
            .AssertStatusAsync(HttpStatusCode.Created);
    }
}
