using System.Net;
using Alba;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using InviteUser = Saas.Api.Features.Users.InviteUser;

namespace Saas.Api.Tests.Features.Employees;

public class EmployeesTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private static object Anna(Guid? teamId = null, object? externalIds = null) => new
    {
        fullName = "Анна Петрова",
        email = "anna@example.ru",
        role = "sales_manager",
        teamId,
        baseSalary = 100_000m,
        externalIds = externalIds ?? new Dictionary<string, string> { ["amocrm"] = "1001", ["bitrix24"] = "77" },
    };

    private async Task<Guid> CreateTeamAsync(string admin, string name = "Продажи") =>
        (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name, department = "sales" }).ToUrl("/api/v1/teams");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<TeamResponse>().Id;

    private async Task<EmployeeResponse> CreateAsync(string admin, object body) =>
        (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(body).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<EmployeeResponse>();

    private async Task<Guid[]> IdsAsync(string token, string url) =>
        (await Host.GetAsJson<Page<EmployeeResponse>>(url, token)).Items.Select(e => e.Id).ToArray();

    [Fact]
    public async Task Create_read_replace_deactivate_and_reactivate_an_employee()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var teamId = await CreateTeamAsync(admin);

        var created = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(Anna(teamId)).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var anna = created.ReadAsJson<EmployeeResponse>();
        Assert.Equal($"/api/v1/employees/{anna.Id}", created.Context.Response.Headers.Location.ToString());
        Assert.Equal("RUB", anna.Currency); // the tenant's currency when none is given
        Assert.Equal("sales", anna.Department); // the role's department when none is given
        Assert.Equal("active", anna.Status);
        Assert.Equal(100_000m, anna.BaseSalary);
        Assert.Equal("1001", anna.ExternalIds["amocrm"]);

        var read = await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin);
        Assert.Equal(teamId, read.TeamId);

        var replaced = (await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(new
            {
                fullName = "Анна Петрова",
                email = "anna@example.ru",
                role = "key_account_manager",
                baseSalary = 120_000.50m,
                currency = "EUR",
                startDate = "2026-01-15",
                externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
            }).ToUrl($"/api/v1/employees/{anna.Id}");
            s.WithRequestHeader("If-Match", "\"1\"");
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        })).ReadAsJson<EmployeeResponse>();
        Assert.Equal(2, replaced.Version);
        Assert.Equal("account_management", replaced.Department);
        Assert.Null(replaced.TeamId); // PUT replaces: no teamId, no team
        Assert.Equal("EUR", replaced.Currency);
        Assert.Equal(["amocrm"], replaced.ExternalIds.Keys);

        await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(Anna()).ToUrl($"/api/v1/employees/{anna.Id}");
            s.WithRequestHeader("If-Match", "\"1\"");
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });

        var deactivated = (await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}?endDate=2026-11-20");
            s.WithRequestHeader("If-Match", "\"2\"");
        })).ReadAsJson<EmployeeResponse>();
        Assert.Equal("inactive", deactivated.Status);
        Assert.Equal(new DateOnly(2026, 11, 20), deactivated.EndDate);

        // History stays: a former employee is still readable and listed among former ones.
        Assert.Equal("inactive", (await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin)).Status);
        Assert.Equal([anna.Id], await IdsAsync(admin, "/api/v1/employees?active=false"));
        Assert.Empty(await IdsAsync(admin, "/api/v1/employees?active=true"));

        var back = (await Host.Scenario(s => s.As(admin).Post.Url($"/api/v1/employees/{anna.Id}/reactivate"))).ReadAsJson<EmployeeResponse>();
        Assert.Equal("active", back.Status);
        Assert.Null(back.EndDate);
    }

    [Fact]
    public async Task A_salary_is_written_at_its_currencys_scale()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        foreach (var (salary, currency, written) in new[] { ("164", "RUB", "164.00"), ("100000.5", "USD", "100000.50"), ("300000", "JPY", "300000") })
        {
            var created = await Host.Scenario(s =>
            {
                s.As(admin).Post.Text($$"""{"fullName":"Anna","role":"sales_manager","baseSalary":{{salary}},"currency":"{{currency}}"}""").ToUrl("/api/v1/employees");
                s.WithRequestHeader("Content-Type", "application/json");
                s.StatusCodeShouldBe(HttpStatusCode.Created);
            });
            Assert.Contains($"\"baseSalary\":{written},", created.ReadAsText());
        }
    }

    [Fact]
    public async Task Deactivation_without_an_end_date_uses_the_tenants_today_and_keeps_an_earlier_given_one()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await CreateAsync(admin, Anna());

        var deactivated = (await Host.Scenario(s => s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}"))).ReadAsJson<EmployeeResponse>();
        var moscowToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
        Assert.Equal(moscowToday, deactivated.EndDate);
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_a_validation_error_on_deactivation()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var ivan = await CreateAsync(admin, new { fullName = "Иван", role = "sdr", baseSalary = 50_000m, startDate = "2026-06-01" });

        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/employees/{ivan.Id}?endDate=2026-05-31");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["GreaterThanOrEqual"], problem.Rules!["endDate"]);
        Assert.Equal("active", (await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{ivan.Id}", admin)).Status);
    }

    [Fact]
    public async Task Someone_who_starts_after_today_is_not_deactivated_with_today_as_the_last_day()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var hire = await CreateAsync(admin, new { fullName = "Ольга", role = "sdr", baseSalary = 50_000m, startDate = start.ToString("yyyy-MM-dd") });

        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/employees/{hire.Id}");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["GreaterThanOrEqual"], problem.Rules!["endDate"]);
        Assert.Contains($"starts on {start:yyyy-MM-dd}", problem.Errors!["endDate"].Single());
        // Given on or after the first day, the last day is taken.
        await Host.Scenario(s => s.As(admin).Delete.Url($"/api/v1/employees/{hire.Id}?endDate={start:yyyy-MM-dd}"));
        var after = await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{hire.Id}", admin);
        Assert.Equal(("inactive", start), (after.Status, after.EndDate));
    }

    [Fact]
    public async Task An_end_date_outside_the_calendar_or_not_a_date_is_refused_on_deactivation()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await CreateAsync(admin, Anna());

        var outside = (await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}?endDate=1899-12-31");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'endDate' must be a date between 1900 and 2999."], outside.Errors!["endDate"]);
        Assert.Equal(["InclusiveBetween"], outside.Rules!["endDate"]);
        var garbled = (await Host.Scenario(s =>
        {
            s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}?endDate=20.11.2026");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request");
        })).ReadProblem();
        Assert.True(garbled.Errors!.ContainsKey("endDate"));
        Assert.Equal("active", (await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin)).Status);
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
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var result = await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(body).ToUrl("/api/v1/employees");
            s.WithRequestHeader("Content-Type", "application/json");
            if (field == "")
                s.StatusCodeShouldBe(HttpStatusCode.Created); // the control: a whole yen is fine
            else
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        if (field == "")
            return;
        var problem = result.ReadProblem();
        Assert.True(problem.Errors!.ContainsKey(field), result.ReadAsText());
        Assert.Empty(await IdsAsync(admin, "/api/v1/employees"));
    }

    [Fact]
    public async Task A_body_naming_the_read_only_department_or_default_the_route_id_or_an_unknown_property_is_refused()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await CreateAsync(admin, Anna());
        const string Valid = "\"fullName\":\"Пётр\",\"role\":\"sdr\",\"baseSalary\":1";

        foreach (var (method, url, body) in new[]
        {
            ("POST", "/api/v1/employees", $$"""{{{Valid}},"departmentOrDefault":"marketing"}"""),
            ("PUT", $"/api/v1/employees/{anna.Id}", $$"""{{{Valid}},"departmentOrDefault":"marketing"}"""),
            ("PUT", $"/api/v1/employees/{anna.Id}", $$"""{"id":"{{Guid.NewGuid()}}",{{Valid}}}"""),
            ("POST", "/api/v1/employees", $$"""{{{Valid}},"status":"inactive"}"""),
        })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin);
                if (method == "POST")
                    s.Post.Text(body).ToUrl(url);
                else
                    s.Put.Text(body).ToUrl(url);
                s.WithRequestHeader("Content-Type", "application/json");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
            })).ReadProblem();
            Assert.Single(problem.Errors!);
        }
        var unchanged = await Host.GetAsJson<Page<EmployeeResponse>>("/api/v1/employees", admin);
        Assert.Equal([(anna.Id, "Анна Петрова", 1)], unchanged.Items.Select(e => (e.Id, e.FullName, e.Version)));
    }

    [Fact]
    public async Task E_mail_is_unique_per_tenant_ignoring_case_and_an_external_id_names_one_employee_per_system()
    {
        var first = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var second = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await CreateAsync(first, Anna());

        await Host.Scenario(s =>
        {
            s.As(first).Post.Json(new { fullName = "Другая Анна", email = "ANNA@example.ru", role = "sdr", baseSalary = 1m }).ToUrl("/api/v1/employees");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        var clash = (await Host.Scenario(s =>
        {
            s.As(first).Post.Json(new
            {
                fullName = "Пётр",
                role = "sdr",
                baseSalary = 1m,
                externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
            }).ToUrl("/api/v1/employees");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        })).ReadProblem();
        Assert.Contains("1001", clash.Detail);

        // The same id in another system, and the same e-mail and ids in another tenant, are someone else.
        await CreateAsync(first, new { fullName = "Пётр", role = "sdr", baseSalary = 1m, externalIds = new Dictionary<string, string> { ["hubspot"] = "1001" } });
        await CreateAsync(second, Anna());
        Assert.Equal(2, (await IdsAsync(first, "/api/v1/employees")).Length);
    }

    [Fact]
    public async Task Every_answer_carries_the_external_ids_last_written_sorted_by_system_ordinally()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        // By ordinal, crm1 comes before crm_2; by culture, punctuation comes first; jsonb keeps short keys first.
        var anna = await CreateAsync(admin, Anna(externalIds: new Dictionary<string, string>
        {
            ["zoho"] = " z-1 ",
            ["crm_2"] = "2",
            ["amocrm"] = "1001",
            ["crm1"] = "1",
        }));
        string[] written = ["amocrm:1001", "crm1:1", "crm_2:2", "zoho:z-1"];
        Assert.Equal(written, Shown(anna.ExternalIds));
        async Task<string[]> DetailAsync() => Shown((await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin)).ExternalIds);
        async Task<string[]> ListedAsync(string query = "") =>
            (await Host.GetAsJson<Page<EmployeeResponse>>("/api/v1/employees" + query, admin)).Items.SelectMany(e => Shown(e.ExternalIds)).ToArray();
        Assert.Equal(written, await DetailAsync());
        Assert.Equal(written, await ListedAsync());
        Assert.Equal(written, await ListedAsync("?role=sales_manager"));

        var replaced = (await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(Anna(externalIds: new Dictionary<string, string> { ["amocrm"] = "2002" })).ToUrl($"/api/v1/employees/{anna.Id}");
        })).ReadAsJson<EmployeeResponse>();
        Assert.Equal(["amocrm:2002"], Shown(replaced.ExternalIds));
        Assert.Equal(["amocrm:2002"], await DetailAsync());
        // The document's copy and the table the lookup reads agree.
        Assert.Equal(["amocrm:2002"], await ListedAsync("?externalSystem=amocrm&externalId=2002"));
        Assert.Empty(await IdsAsync(admin, "/api/v1/employees?externalSystem=zoho&externalId=z-1"));

        // A replacement refused for an id another employee has changes neither.
        await CreateAsync(admin, new { fullName = "Пётр", role = "sdr", baseSalary = 1m, externalIds = new Dictionary<string, string> { ["hubspot"] = "7" } });
        await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(Anna(externalIds: new Dictionary<string, string> { ["hubspot"] = "7" })).ToUrl($"/api/v1/employees/{anna.Id}");
            s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict");
        });
        Assert.Equal(["amocrm:2002"], await DetailAsync());
        Assert.Equal([anna.Id], await IdsAsync(admin, "/api/v1/employees?externalSystem=amocrm&externalId=2002"));

        var deactivated = (await Host.Scenario(s => s.As(admin).Delete.Url($"/api/v1/employees/{anna.Id}"))).ReadAsJson<EmployeeResponse>();
        Assert.Equal(["amocrm:2002"], Shown(deactivated.ExternalIds));
        var back = (await Host.Scenario(s => s.As(admin).Post.Url($"/api/v1/employees/{anna.Id}/reactivate"))).ReadAsJson<EmployeeResponse>();
        Assert.Equal(["amocrm:2002"], Shown(back.ExternalIds));
        Assert.Equal(["amocrm:2002"], await DetailAsync());
    }

    [Fact]
    public async Task An_employee_whose_stored_document_names_a_system_without_an_id_is_answered_without_that_system()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var anna = await CreateAsync(admin, Anna());
        // As a hand edit could leave it; the API itself never writes a system without its id.
        await fixture.Database.ExecuteAsAdminAsync($$"""
            update documents.mt_doc_employee set data = jsonb_set(data, '{externalIds,crm}', 'null') where id = '{{anna.Id}}'
            """);

        Assert.Equal(["amocrm:1001", "bitrix24:77"], Shown((await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin)).ExternalIds));
        Assert.Equal([anna.Id], await IdsAsync(admin, "/api/v1/employees"));
    }

    private static string[] Shown(IReadOnlyDictionary<string, string> externalIds) => externalIds.Select(x => x.Key + ':' + x.Value).ToArray();

    [Fact]
    public async Task Lists_page_by_cursor_and_filter_by_team_role_activity_and_external_id()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
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
            })).Id);
        await Host.Scenario(s => s.As(admin).Delete.Url($"/api/v1/employees/{ids[1]}"));

        var first = await Host.GetAsJson<Page<EmployeeResponse>>("/api/v1/employees?limit=2", admin);
        Assert.Equal(ids[..2], first.Items.Select(e => e.Id));
        var second = await Host.GetAsJson<Page<EmployeeResponse>>($"/api/v1/employees?limit=2&cursor={first.NextCursor}", admin);
        Assert.Equal(ids[2..4], second.Items.Select(e => e.Id));

        Assert.Equal([ids[0], ids[1], ids[2]], await IdsAsync(admin, $"/api/v1/employees?teamId={sales}"));
        Assert.Equal([ids[3], ids[4]], await IdsAsync(admin, "/api/v1/employees?role=marketer"));
        Assert.Equal([ids[0], ids[2]], await IdsAsync(admin, $"/api/v1/employees?teamId={sales}&active=true"));
        Assert.Equal([ids[3]], await IdsAsync(admin, "/api/v1/employees?externalSystem=amocrm&externalId=u3"));
        var nobody = await Host.GetAsJson<Page<EmployeeResponse>>("/api/v1/employees?externalSystem=amocrm&externalId=nobody", admin);
        Assert.Equal((0, null), (nobody.Items.Count, nobody.NextCursor));

        foreach (var (query, field, rule) in new[]
        {
            ("role=designer", "role", "Must"),
            ("externalSystem=amocrm", "externalId", "Together"),
            ("externalId=u3", "externalSystem", "Together"),
            ("limit=0", "limit", "InclusiveBetween"),
            ("cursor=garbage", "cursor", "Cursor"),
        })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Get.Url("/api/v1/employees?" + query);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            })).ReadProblem();
            Assert.Equal([rule], problem.Rules![field]);
        }
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/employees?teamId=sales");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request");
        });
    }

    [Fact]
    public async Task Replacing_an_employee_that_does_not_exist_is_404_whatever_team_it_names()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(Anna(Guid.CreateVersion7())).ToUrl($"/api/v1/employees/{Guid.CreateVersion7()}");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var anna = await CreateAsync(admin, Anna());
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Put.Json(Anna(Guid.CreateVersion7())).ToUrl($"/api/v1/employees/{anna.Id}");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.True(problem.Errors!.ContainsKey("teamId"));
        Assert.Equal(1, (await Host.GetAsJson<EmployeeResponse>($"/api/v1/employees/{anna.Id}", admin)).Version);
    }

    [Fact]
    public async Task Another_tenants_employee_is_not_found_and_its_team_cannot_be_named()
    {
        var owner = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var ownersTeam = await CreateTeamAsync(owner);
        var anna = await CreateAsync(owner, Anna(ownersTeam));
        var url = $"/api/v1/employees/{anna.Id}";

        await Host.Scenario(s => { s.As(stranger).Get.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Put.Json(Anna()).ToUrl(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url(url); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Post.Url(url + "/reactivate"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        Assert.Empty(await IdsAsync(stranger, "/api/v1/employees?externalSystem=amocrm&externalId=1001"));
        var problem = (await Host.Scenario(s =>
        {
            s.As(stranger).Post.Json(Anna(ownersTeam)).ToUrl("/api/v1/employees");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.True(problem.Errors!.ContainsKey("teamId"));

        Assert.Equal("active", (await Host.GetAsJson<EmployeeResponse>(url, owner)).Status);
    }

    [Fact]
    public async Task Managers_read_admins_write_and_employees_are_not_let_in()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var manager = await fixture.TokenAsync(tenant, "manager");
        var employee = await fixture.TokenAsync(tenant, "employee");
        var anna = await CreateAsync(admin, Anna());

        await Host.Scenario(s => s.As(manager).Get.Url($"/api/v1/employees/{anna.Id}"));
        await Host.Scenario(s => { s.As(manager).Post.Json(Anna()).ToUrl("/api/v1/employees"); s.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await Host.Scenario(s => { s.As(manager).Delete.Url($"/api/v1/employees/{anna.Id}"); s.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await Host.Scenario(s => { s.As(employee).Get.Url("/api/v1/employees"); s.ProblemShouldBe(HttpStatusCode.Forbidden); });
    }

    [Fact]
    public async Task A_team_with_employees_cannot_be_deleted_and_a_user_links_only_to_an_existing_employee()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var teamId = await CreateTeamAsync(admin);
        var anna = await CreateAsync(admin, Anna(teamId));

        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/teams/{teamId}"); s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict"); });

        var unknown = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email = "x@example.ru", fullName = "X", role = "employee", employeeId = Guid.CreateVersion7() }).ToUrl("/api/v1/users");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.True(unknown.Errors!.ContainsKey("employeeId"));
        var linked = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { email = "anna@example.ru", fullName = "Анна", role = "employee", employeeId = anna.Id }).ToUrl("/api/v1/users");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<InviteUser.Response>();
        Assert.Equal(anna.Id, linked.EmployeeId);
    }
}
