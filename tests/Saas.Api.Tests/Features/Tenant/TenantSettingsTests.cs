using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Tenant;

public class TenantSettingsTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Theory]
    [InlineData("ru", "Нецелевой клиент")]
    [InlineData("en", "Not a target customer")]
    public async Task A_new_tenant_has_the_documented_defaults_in_its_language(string locale, string notTarget)
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync(locale));

        var tenant = await (await admin.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(5, tenant.GetProperty("firstResponseSlaMinutes").GetInt32());
        Assert.Equal(15, tenant.GetProperty("nonTargetLeadMinutes").GetInt32());
        Assert.Equal(160m, tenant.GetProperty("workingHoursPerMonth").GetDecimal());
        Assert.Equal("last_non_direct", tenant.GetProperty("attributionModel").GetString());
        var hours = tenant.GetProperty("workingHours").EnumerateArray().ToList();
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], hours.Select(h => h.GetProperty("day").GetString()));
        Assert.All(hours, h => Assert.Equal(("09:00", "18:00"), (h.GetProperty("from").GetString(), h.GetProperty("to").GetString())));
        var reasons = tenant.GetProperty("disqualificationReasons").EnumerateArray().ToList();
        Assert.Equal(["not_target", "wrong_product", "no_budget", "no_contact", "duplicate", "spam", "competitor", "job_seeker", "other"],
            reasons.Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(notTarget, reasons[0].GetProperty("name").GetString());
        Assert.Empty(tenant.GetProperty("holidays").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_updates_settings_with_if_match_and_a_stale_version_is_412()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var before = await admin.GetAsync("/api/v1/tenant");
        var etag = before.Headers.ETag!.Tag;

        using var update = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tenant")
        {
            Content = JsonContent.Create(new
            {
                timeZone = "Asia/Yekaterinburg",
                workingHours = new[] { new { day = "monday", from = "10:00", to = "13:00" }, new { day = "monday", from = "14:00", to = "19:00" } },
                holidays = new[] { "2027-01-07", "2027-01-01" },
                firstResponseSlaMinutes = 10,
                disqualificationReasons = new[] { new { code = "spam", name = "Спам" }, new { code = "other", name = "Другое" } },
            }),
        };
        update.Headers.IfMatch.ParseAdd(etag);
        var updated = await (await admin.SendAsync(update)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal("Asia/Yekaterinburg", updated.GetProperty("timeZone").GetString());
        Assert.Equal(2, updated.GetProperty("workingHours").GetArrayLength());
        Assert.Equal(["2027-01-01", "2027-01-07"], updated.GetProperty("holidays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(10, updated.GetProperty("firstResponseSlaMinutes").GetInt32());
        Assert.Equal(15, updated.GetProperty("nonTargetLeadMinutes").GetInt32()); // untouched

        using var stale = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tenant") { Content = JsonContent.Create(new { firstResponseSlaMinutes = 7 }) };
        stale.Headers.IfMatch.ParseAdd(etag);
        await (await admin.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        var after = await (await admin.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(10, after.GetProperty("firstResponseSlaMinutes").GetInt32());
    }

    [Fact]
    public async Task Invalid_settings_are_400_per_field_and_change_nothing()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var problem = await (await admin.PatchAsJsonAsync("/api/v1/tenant", new
        {
            currency = "RUR",
            timeZone = "Moscow",
            locale = "fr",
            workingHours = new[] { new { day = "mon", from = "9:00", to = "18:00" }, new { day = "friday", from = "18:00", to = "09:00" } },
            firstResponseSlaMinutes = 0,
            workingHoursPerMonth = -1,
            attributionModel = "linear",
            disqualificationReasons = new[] { new { code = "Spam!", name = "" }, new { code = "Spam!", name = "x" } },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var field in new[] { "currency", "timeZone", "locale", "firstResponseSlaMinutes", "workingHoursPerMonth", "attributionModel", "disqualificationReasons" })
            Assert.Contains(field, fields);
        Assert.Contains(fields, f => f.StartsWith("workingHours[0]", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("workingHours[1]", StringComparison.Ordinal));

        var overlapping = await (await admin.PatchAsJsonAsync("/api/v1/tenant", new
        {
            workingHours = new[] { new { day = "monday", from = "09:00", to = "13:00" }, new { day = "monday", from = "12:00", to = "18:00" } },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("overlap", overlapping.GetProperty("errors").ToString());

        var unchanged = await (await admin.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("RUB", unchanged.GetProperty("currency").GetString());
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Each_tenant_sees_only_its_own_settings()
    {
        var first = await fixture.CreateTenantAsync("ru");
        var second = await fixture.CreateTenantAsync("en");
        using var firstAdmin = fixture.Api.Client(first);
        using var secondAdmin = fixture.Api.Client(second);

        await (await firstAdmin.PatchAsJsonAsync("/api/v1/tenant", new { name = "Первая" })).AssertStatusAsync(HttpStatusCode.OK);

        var other = await (await secondAdmin.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(second, other.GetProperty("id").GetGuid());
        Assert.NotEqual("Первая", other.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, other.GetProperty("locale").ValueKind);
    }
}
