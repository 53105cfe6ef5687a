using System.Net;
using Alba;
using Saas.Api.Features.Tenant;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Tenant;

public class TenantSettingsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    [Theory]
    [InlineData("ru", "Нецелевой клиент")]
    [InlineData("en", "Not a target customer")]
    public async Task A_new_tenant_has_the_documented_defaults_in_its_language(string locale, string notTarget)
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync(locale));

        var tenant = await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin);

        Assert.Equal(5, tenant.FirstResponseSlaMinutes);
        Assert.Equal(15, tenant.NonTargetLeadMinutes);
        Assert.Equal(160m, tenant.WorkingHoursPerMonth);
        Assert.Equal("last_non_direct", tenant.AttributionModel);
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], tenant.WorkingHours.Select(h => h.Day));
        Assert.All(tenant.WorkingHours, h => Assert.Equal(("09:00", "18:00"), (h.From, h.To)));
        Assert.Equal(["not_target", "wrong_product", "no_budget", "no_contact", "duplicate", "spam", "competitor", "job_seeker", "other"],
            tenant.DisqualificationReasons.Select(r => r.Code));
        Assert.Equal(notTarget, tenant.DisqualificationReasons[0].Name);
        Assert.Empty(tenant.Holidays);
        Assert.Empty(tenant.DealAttributes);
    }

    [Fact]
    public async Task An_admin_declares_deal_attributes_and_bad_declarations_are_refused()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());

        var updated = (await Host.Scenario(s => s.As(admin).Patch.Json(new
        {
            dealAttributes = new[] { new { key = "region", type = "text" }, new { key = "seats", type = "number" }, new { key = "strategic", type = "boolean" } },
        }).ToUrl("/api/v1/tenant"))).ReadAsJson<TenantResponse>();
        Assert.Equal([("region", "text"), ("seats", "number"), ("strategic", "boolean")], updated.DealAttributes.Select(a => (a.Key, a.Type)));
        Assert.Equal(3, (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin)).DealAttributes.Count);

        async Task<Problem> Refused(object attributes) => (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { dealAttributes = attributes }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains("is built in", (await Refused(new[] { new { key = "contract_months", type = "number" } })).Errors!.Single().Value[0]);
        Assert.Contains("one of number, text, boolean", (await Refused(new[] { new { key = "region", type = "string" } })).Errors!.Single().Value[0]);
        Assert.Contains("lowercase", (await Refused(new[] { new { key = "Region", type = "text" } })).Errors!.Single().Value[0]);
        Assert.Contains("unique", (await Refused(new[] { new { key = "region", type = "text" }, new { key = "region", type = "number" } })).Errors!.Single().Value[0]);
        // Nothing refused changed what was declared.
        Assert.Equal(3, (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin)).DealAttributes.Count);
    }

    [Fact]
    public async Task An_admin_updates_settings_with_if_match_and_a_stale_version_is_412()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var before = await Host.Scenario(s => s.As(admin).Get.Url("/api/v1/tenant"));
        var etag = before.Context.Response.Headers.ETag.ToString();
        Assert.Equal($"\"{before.ReadAsJson<TenantResponse>().Version}\"", etag);

        var updated = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new
            {
                timeZone = "Asia/Yekaterinburg",
                workingHours = new[] { new { day = "monday", from = "10:00", to = "13:00" }, new { day = "monday", from = "14:00", to = "19:00" } },
                holidays = new[] { "2027-01-07", "2027-01-01" },
                firstResponseSlaMinutes = 10,
                disqualificationReasons = new[] { new { code = "spam", name = "Спам" }, new { code = "other", name = "Другое" } },
            }).ToUrl("/api/v1/tenant");
            s.WithRequestHeader("If-Match", etag);
        })).ReadAsJson<TenantResponse>();

        Assert.Equal("Asia/Yekaterinburg", updated.TimeZone);
        Assert.Equal(2, updated.WorkingHours.Count);
        Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 7)], updated.Holidays);
        Assert.Equal(10, updated.FirstResponseSlaMinutes);
        Assert.Equal(15, updated.NonTargetLeadMinutes); // untouched

        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { firstResponseSlaMinutes = 7 }).ToUrl("/api/v1/tenant");
            s.WithRequestHeader("If-Match", etag);
            s.ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        });
        Assert.Equal(10, (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin)).FirstResponseSlaMinutes);
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("EN_us", "en")]
    [InlineData("ru-RU", "ru")]
    [InlineData("ru", "ru")]
    public async Task A_locale_is_a_language_tag_as_people_send_it_and_its_language_is_stored(string tag, string stored)
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync(stored == "ru" ? "en" : "ru"));
        var updated = (await Host.Scenario(s => s.As(admin).Patch.Json(new { locale = tag }).ToUrl("/api/v1/tenant"))).ReadAsJson<TenantResponse>();
        Assert.Equal(stored, updated.Locale);
        Assert.Equal(stored, (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin)).Locale);
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("ru--RU")]
    [InlineData("ru-RU!")]
    [InlineData("")]
    public async Task A_locale_of_another_language_or_no_tag_is_400(string tag)
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { locale = tag }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains("ru-RU", Assert.Single(problem.Errors!["locale"]));
    }

    [Fact]
    public async Task A_working_day_can_end_at_midnight_but_nothing_starts_at_or_runs_past_it()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var updated = (await Host.Scenario(s => s.As(admin).Patch.Json(new
        {
            workingHours = new[] { new { day = "saturday", from = "20:00", to = "24:00" }, new { day = "sunday", from = "00:00", to = "24:00" } },
        }).ToUrl("/api/v1/tenant"))).ReadAsJson<TenantResponse>();
        Assert.Equal(["saturday 20:00–24:00", "sunday 00:00–24:00"], updated.WorkingHours.Select(w => $"{w.Day} {w.From}–{w.To}"));

        foreach (var (from, to) in new[] { ("24:00", "24:00"), ("09:00", "24:30"), ("09:00", "25:00") })
            await Host.Scenario(s =>
            {
                s.As(admin).Patch.Json(new { workingHours = new[] { new { day = "monday", from, to } } }).ToUrl("/api/v1/tenant");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            });
    }

    [Fact]
    public async Task Invalid_settings_are_400_per_field_and_change_nothing()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new
            {
                currency = "RUR",
                timeZone = "Moscow",
                locale = "fr",
                workingHours = new[] { new { day = "mon", from = "9:00", to = "18:00" }, new { day = "friday", from = "18:00", to = "09:00" } },
                firstResponseSlaMinutes = 0,
                workingHoursPerMonth = -1,
                attributionModel = "linear",
                disqualificationReasons = new[] { new { code = "Spam!", name = "" }, new { code = "Spam!", name = "x" } },
            }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        var fields = problem.Errors!.Keys.ToList();
        foreach (var field in new[] { "currency", "timeZone", "locale", "firstResponseSlaMinutes", "workingHoursPerMonth", "attributionModel", "disqualificationReasons" })
            Assert.Contains(field, fields);
        Assert.Contains(fields, f => f.StartsWith("workingHours[0]", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("workingHours[1]", StringComparison.Ordinal));

        var overlapping = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new
            {
                workingHours = new[] { new { day = "monday", from = "09:00", to = "13:00" }, new { day = "monday", from = "12:00", to = "18:00" } },
            }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains(overlapping.Errors!.Values.SelectMany(messages => messages), message => message.Contains("overlap", StringComparison.Ordinal));

        var unchanged = await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin);
        Assert.Equal("RUB", unchanged.Currency);
        Assert.Equal(1, unchanged.Version);
    }

    [Fact]
    public async Task A_body_naming_a_read_only_member_or_an_unknown_property_is_refused()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var before = await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin);

        foreach (var body in new[] { """{"name":"X","version":7}""", """{"name":"X","slug":"mine"}""", """{"name":"X","slaClockStart":"lead_assigned"}""" })
        {
            var problem = (await Host.Scenario(s =>
            {
                s.As(admin).Patch.Text(body).ToUrl("/api/v1/tenant");
                s.WithRequestHeader("Content-Type", "application/json");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
            })).ReadProblem();
            Assert.Single(problem.Errors!);
        }
        var after = await Host.GetAsJson<TenantResponse>("/api/v1/tenant", admin);
        Assert.Equal((before.Version, before.Name, before.Slug), (after.Version, after.Name, after.Slug));
    }

    [Fact]
    public async Task Every_user_reads_the_settings_and_only_an_admin_changes_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        var employee = await fixture.TokenAsync(tenant, "employee");
        var manager = await fixture.TokenAsync(tenant, "manager");

        Assert.Equal(tenant, (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", employee)).Id);
        await Host.Scenario(s =>
        {
            s.As(manager).Patch.Json(new { name = "Mine" }).ToUrl("/api/v1/tenant");
            s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden");
        });
        Assert.NotEqual("Mine", (await Host.GetAsJson<TenantResponse>("/api/v1/tenant", employee)).Name);
    }

    [Fact]
    public async Task Each_tenant_sees_only_its_own_settings()
    {
        var first = await fixture.CreateTenantAsync("ru");
        var second = await fixture.CreateTenantAsync("en");
        var firstAdmin = await fixture.TokenAsync(first);
        var secondAdmin = await fixture.TokenAsync(second);

        await Host.Scenario(s => s.As(firstAdmin).Patch.Json(new { name = "Первая" }).ToUrl("/api/v1/tenant"));

        var other = await Host.GetAsJson<TenantResponse>("/api/v1/tenant", secondAdmin);
        Assert.Equal(second, other.Id);
        Assert.NotEqual("Первая", other.Name);
        Assert.Equal("en", other.Locale);
    }
}
