using System.Net;
using System.Net.Http.Json;
using System.Text;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>Inputs found by probing the API: each once answered 500 or quietly stored the wrong thing.</summary>
public class HostileInputTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static string Event(string externalId, string extra = "") =>
        $$"""{"source":"amocrm","externalId":"{{externalId}}","type":"lead.created","occurredAt":"2026-11-10T10:00:00Z","leadId":"L1"{{extra}}}""";

    [Fact]
    public async Task A_nul_character_rejects_only_its_own_event_and_is_a_400_elsewhere()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        var batch = $$"""{"events":[{{Event("ok")}},{{Event("a\\u0000b")}},{{Event("c", ",\"comment\":\"x\\u0000\"")}}]}""";
        var result = await (await admin.PostAsync("/api/v1/actuals/events", HttpAssertions.Json(batch))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal([1, 2], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));

        await (await admin.PostAsync("/api/v1/teams", HttpAssertions.Json("""{"name":"a\u0000b","department":"sales"}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/employees", HttpAssertions.Json("""{"fullName":"A","role":"sdr","baseSalary":1,"externalIds":{"amocrm":"1\u00002"}}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/actuals/events?leadId=%00")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/employees?externalSystem=amocrm&externalId=%00")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Inputs_the_contract_fuzzer_found_are_client_errors_and_store_nothing()
    {
        // A partner client without redirect URIs: the validator dereferenced the missing list (500).
        using var partner = await fixture.Http.PartnerClientAsync();
        await (await partner.PostAsync("/api/v1/partner/clients", HttpAssertions.Json("""{"name":"App"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        // A NUL in a form value: the form reader throws, which was a 500; per RFC 6749 it is invalid_request.
        using var anonymous = fixture.Http.Client();
        foreach (var endpoint in new[] { "/connect/token", "/connect/revoke" })
        {
            var response = await anonymous.PostAsync(endpoint, new StringContent(
                $"grant_type=client_credentials&client_id={ApiFactory.PartnerId}&client_secret={ApiFactory.PartnerSecret}&token=a%00b",
                Encoding.UTF8, "application/x-www-form-urlencoded"));
            var error = await response.AssertStatusAsync(HttpStatusCode.BadRequest);
            Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        }

        // A working interval without a valid end: the condition meant for the from/to comparison skipped the check of 'to'
        // itself, so null (or "25:00") was stored and would break every calendar computed from it.
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        foreach (var to in new[] { "null", "\"25:00\"", "\"late\"" })
            await (await admin.PatchAsync("/api/v1/tenant", HttpAssertions.Json($$"""{"workingHours":[{"day":"monday","from":"09:00","to":{{to}}}]}""")))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        // A null item in a list of intervals or reasons: the list-wide rules read every item (a 500 before).
        foreach (var body in new[] { """{"workingHours":[null]}""", """{"disqualificationReasons":[null]}""",
                     """{"workingHours":[{"day":"monday","from":"09:00","to":"18:00"},null]}""" })
            await (await admin.PatchAsync("/api/v1/tenant", HttpAssertions.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var tenant = await (await admin.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.All(tenant.GetProperty("workingHours").EnumerateArray(), interval => Assert.Equal("18:00", interval.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Broken_csv_rows_are_row_errors_and_an_unreadable_file_stores_nothing()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        const string header = "source,externalId,type,occurredAt,leadId\n";
        var rows = header
            + "amocrm,r1,lead.created,2026-11-02T09:00:00Z,L1\n"
            + "amocrm,r2,lead.created\n"
            + "amocrm,r3,lead.created,2026-11-02T09:00:00Z,L3,extra\n"
            + "amocrm,r\"4,lead.created,2026-11-02T09:00:00Z,L4\n"
            + "amocrm,r5,lead.created,2026-11-02T09:00:00Z,L5\u0000\n";
        var result = await (await admin.PostAsync("/api/v1/actuals/import", new StringContent(rows, Encoding.UTF8, "text/csv"))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(1 == result.GetProperty("accepted").GetInt32(), result.ToString());
        Assert.Equal([1, 2, 3, 4], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));

        // A quote left open swallows the rest of the file into one bad row: reported, nothing stored from it.
        var unterminated = header + "amocrm,\"r6,lead.created,2026-11-02T09:00:00Z,L6\namocrm,r7,lead.created,2026-11-02T09:00:00Z,L7\n";
        var swallowed = await (await admin.PostAsync("/api/v1/actuals/import", new StringContent(unterminated, Encoding.UTF8, "text/csv")))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal((0, 1), (swallowed.GetProperty("accepted").GetInt32(), swallowed.GetProperty("rejectedCount").GetInt32()));
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(header + "amocrm,r7,lead.created,2026-11-02T09:00:00Z,"), 0xE9, (byte)'\n']);
        latin1.Headers.ContentType = new("text/csv");
        await (await admin.PostAsync("/api/v1/actuals/import", latin1)).AssertProblemAsync(HttpStatusCode.BadRequest);

        var stored = await (await admin.GetAsync("/api/v1/actuals/events")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Single(stored.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Metric_values_out_of_range_or_negative_are_rejected_and_cannot_inflate_pay()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "marketer", baseSalary = 1m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var result = await (await admin.PostAsync("/api/v1/actuals/metrics", HttpAssertions.Json($$"""
            {"values":[{"employeeId":"{{anna}}","metric":"leads","period":"2026-11","value":1000000000000000000000},
                       {"employeeId":"{{anna}}","metric":"cpl","period":"2026-11","value":-1000000},
                       {"employeeId":"{{anna}}","metric":"leads","period":"2026-11","value":0.000000001}]}
            """))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(0, result.GetProperty("stored").GetInt32());
        Assert.Equal(3, result.GetProperty("rejected").GetArrayLength());

        // Even a simulated negative CPL pays no more than a CPL of zero: 30 000 × 1 × (2 − max(0, −1000 / 1000)) = 60 000.
        var plan = await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"CPL","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"marketer","targetVariablePay":{"amount":30000},
             "components":[{"kind":"attainment","id":"cpl","metric":"cpl","target":1000,"weight":1}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created);
        var simulated = await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan.GetProperty("id").GetGuid()}/simulate", new
        {
            period = "2026-12",
            actuals = new[] { new { role = "marketer", metrics = new Dictionary<string, decimal> { ["cpl"] = -1000m } } },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(60_000m, simulated.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Plans_with_huge_numbers_long_names_nulls_or_too_many_components_are_validation_errors()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        string Plan(string name = "P", string amount = "30000", string components = """{"kind":"attainment","id":"c","metric":"sql","target":10,"weight":1}""") =>
            $$"""{"name":"{{name}}","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"sdr","targetVariablePay":{"amount":{{amount}}},"components":[{{components}}]}]}""";

        foreach (var body in new[]
        {
            Plan(amount: "79228162514264337593543950335"),
            Plan(name: new string('x', 500)),
            Plan(components: "null"),
            Plan(components: string.Join(",", Enumerable.Range(0, 60).Select(i => $$"""{"kind":"attainment","id":"c{{i}}","metric":"sql","target":10,"weight":1}"""))),
            """{"name":"P","currency":"RUB","periods":["2026-12"],"assignments":[null]}""",
        })
            await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await (await admin.GetAsync("/api/v1/plans")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Null_items_and_empty_positions_are_validation_errors()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        await (await admin.PostAsync("/api/v1/teams", HttpAssertions.Json("""{"name":"T","positions":[null]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/teams", HttpAssertions.Json("""{"name":"T","positions":[]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/teams", HttpAssertions.Json("""{"name":"T","description":"5000 менеджеров по продажам"}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/plans/generate", HttpAssertions.Json("""{"roles":[null],"periods":["2026-12"]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/plans/generate", HttpAssertions.Json("""{"roles":[{"role":"sdr","count":1,"baseSalary":79228162514264337593543950335}],"periods":["2026-12"]}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var batch = $$"""{"events":[{{Event("s", ",\"type\":\"deal.won\",\"dealId\":\"D\",\"amount\":1,\"currency\":\"RUB\",\"splits\":[null]")}}]}""".Replace("\"type\":\"lead.created\",", "");
        var result = await (await admin.PostAsync("/api/v1/actuals/events", HttpAssertions.Json(batch))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("rejected").GetArrayLength());

        var plan = await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"P","currency":"RUB","periods":["2026-12"],"assignments":[{"role":"sdr","targetVariablePay":{"amount":1000},
             "components":[{"kind":"attainment","id":"c","metric":"sql","target":10,"weight":1}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created);
        var id = plan.GetProperty("id").GetGuid();
        await (await admin.PostAsync($"/api/v1/plans/{id}/simulate", HttpAssertions.Json("""{"period":"2026-12","actuals":[null]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync($"/api/v1/plans/{id}/simulate", HttpAssertions.Json("""{"period":"2026-12","actuals":[{"role":"sdr","groupMetrics":{"x":null}}]}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync($"/api/v1/plans/{id}/review?period=2026-12", HttpAssertions.Json("""{"subjects":[null]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Activating_an_earlier_version_after_a_later_one_retires_what_it_covers_and_leaves_what_it_does_not()
    {
        using var admin = fixture.Http.Client(await fixture.CreateTenantAsync());
        async Task<Guid> Plan(string periods) => (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json($$"""
            {"name":"P","currency":"RUB","periods":[{{periods}}],"assignments":[{"role":"sdr","targetVariablePay":{"amount":1000},
             "components":[{"kind":"attainment","id":"c","metric":"sql","target":10,"weight":1}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var january = await Plan("\"2026-12\",\"2027-01\"");
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{january}/activate", new { effectiveFrom = "2027-01-01" })).AssertStatusAsync(HttpStatusCode.OK);

        // November only: ends before the January plan starts, so it supersedes nothing.
        var november = await Plan("\"2026-11\"");
        var first = await (await admin.PostAsJsonAsync($"/api/v1/plans/{november}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Empty(first.GetProperty("superseded").EnumerateArray());

        // From 1 December: the January plan had not started, so it is retired.
        var december = await Plan("\"2026-12\",\"2027-01\"");
        var second = await (await admin.PostAsJsonAsync($"/api/v1/plans/{december}/activate", new { effectiveFrom = "2026-12-01" })).AssertStatusAsync(HttpStatusCode.OK);
        var retired = Assert.Single(second.GetProperty("superseded").EnumerateArray());
        Assert.Equal((january, "retired"), (retired.GetProperty("id").GetGuid(), retired.GetProperty("status").GetString()));
    }
}
