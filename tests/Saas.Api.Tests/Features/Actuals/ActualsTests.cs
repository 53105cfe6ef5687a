using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Actuals;

public class ActualsTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private sealed record Tenant(Guid Id, HttpClient Admin, HttpClient Integration, Guid Anna, Guid Boris);

    /// <summary>A tenant with two sales managers (Anna is 1001 in amoCRM) and an integration's API key.</summary>
    private async Task<Tenant> TenantAsync()
    {
        var id = await fixture.CreateTenantAsync();
        var admin = fixture.Api.Client(id);
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new
        {
            fullName = "Анна",
            role = "sales_manager",
            baseSalary = 100_000m,
            externalIds = new Dictionary<string, string> { ["amocrm"] = "1001" },
        })).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var boris = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Борис", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var key = (await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "amoCRM", scopes = new[] { "actuals:write", "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("key").GetString();
        var integration = fixture.Api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new Tenant(id, admin, integration, anna, boris);
    }

    private static object Event(string externalId, string type, string leadId = "L1", object? extra = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["source"] = "amocrm",
            ["externalId"] = externalId,
            ["type"] = type,
            ["occurredAt"] = "2026-11-10T10:00:00+03:00",
            ["leadId"] = leadId,
        };
        if (extra is not null)
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
                fields[property.Name] = property.Value;
        return fields;
    }

    private static async Task<JsonElement> PostEventsAsync(HttpClient client, params object[] events) =>
        await (await client.PostAsJsonAsync("/api/v1/actuals/events", new { events })).AssertStatusAsync(HttpStatusCode.OK);

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string query = "")
    {
        var page = await (await client.GetAsync("/api/v1/actuals/events?limit=200" + query)).AssertStatusAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public static TheoryData<string, string, string> MissingRequiredFields => new()
    {
        // type, the fields it is sent with, the field its error names
        { "lead.created", """{"leadId":null}""", "leadId" },
        { "lead.touch", "{}", "channel" },
        { "lead.assigned", "{}", "employeeId" },
        { "lead.first_response", "{}", "employeeId" },
        { "lead.disqualified", "{}", "reasonCode" },
        { "lead.disqualified", """{"reasonCode":"no_such_reason"}""", "reasonCode" },
        { "lead.disqualified", """{"reasonCode":"other"}""", "comment" },
        { "deal.won", """{"dealId":"D1","amount":100,"currency":"RUB"}""", "employeeId" },
        { "deal.won", """{"dealId":"D1","employeeExternalId":"1001","currency":"RUB"}""", "amount" },
        { "deal.won", """{"dealId":"D1","employeeExternalId":"1001","amount":100}""", "currency" },
        { "deal.won", """{"employeeExternalId":"1001","amount":100,"currency":"RUB"}""", "dealId" },
        { "deal.won", """{"dealId":"D1","amount":100,"currency":"RUB","splits":[{"employeeExternalId":"1001","share":0.6}]}""", "splits" },
        { "deal.lost", "{}", "dealId" },
        { "deal.refunded", """{"dealId":"D1","currency":"RUB"}""", "amount" },
        { "account.renewed", """{"amount":100,"currency":"RUB"}""", "accountId" },
        { "account.cross_sold", """{"accountId":"A1","currency":"RUB"}""", "amount" },
        { "account.churned", "{}", "accountId" },
        { "complaint.registered", "{}", "employeeId" },
        { "lead.mql", """{"employeeExternalId":"9999"}""", "employeeExternalId" },
        { "lead.party", "{}", "type" },
    };

    [Theory]
    [MemberData(nameof(MissingRequiredFields))]
    public async Task Every_event_type_is_checked_for_what_it_must_carry(string type, string fields, string field)
    {
        var tenant = await TenantAsync();
        var body = JsonSerializer.SerializeToNode(Event("e1", type))!.AsObject();
        foreach (var (name, value) in JsonNode(fields))
            body[name] = value?.DeepClone();
        var result = await (await tenant.Integration.PostAsync("/api/v1/actuals/events",
            HttpAssertions.Json(new System.Text.Json.Nodes.JsonObject { ["events"] = new System.Text.Json.Nodes.JsonArray(body) }.ToJsonString())))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(0, result.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
        Assert.True(rejected.GetProperty("errors").TryGetProperty(field, out _), rejected.ToString());
        Assert.Empty(await EventsAsync(tenant.Admin));
    }

    private static System.Text.Json.Nodes.JsonObject JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_batch_stores_its_valid_items_reports_the_invalid_ones_by_index_and_a_resend_adds_nothing()
    {
        var tenant = await TenantAsync();
        object[] batch =
        [
            Event("e1", "lead.created", extra: new { channel = "yandex_direct", campaign = "winter" }),
            Event("e2", "lead.mql", extra: new { amount = "a lot" }),
            Event("e3", "lead.first_response", extra: new { employeeExternalId = "1001" }),
            Event("e4", "lead.disqualified", extra: new { reasonCode = "spam", employeeId = tenant.Boris }),
            new { source = "amocrm", externalId = "e5", type = "lead.sql", occurredAt = "2026-11-10T10:00:00Z", leadId = "L1", mood = "great" },
        ];

        var first = await PostEventsAsync(tenant.Integration, batch);
        Assert.Equal((5, 3, 0), (first.GetProperty("received").GetInt32(), first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal([1, 4], first.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.True(first.GetProperty("rejected")[0].GetProperty("errors").TryGetProperty("amount", out _));

        var stored = await EventsAsync(tenant.Admin);
        Assert.Equal(["e1", "e3", "e4"], stored.Select(e => e.GetProperty("externalId").GetString()));
        Assert.Equal(tenant.Anna, stored[1].GetProperty("employeeId").GetGuid()); // named by the CRM's id, stored by ours

        var again = await PostEventsAsync(tenant.Integration, batch);
        Assert.Equal((0, 3), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(3, (await EventsAsync(tenant.Admin)).Count);
    }

    [Fact]
    public async Task Events_arrive_in_any_order_and_a_corrected_deal_keeps_its_history()
    {
        var tenant = await TenantAsync();
        await PostEventsAsync(tenant.Integration,
            Event("w1", "deal.won", "L7", new { dealId = "D7", amount = 100_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-12T12:00:00Z" }));
        await PostEventsAsync(tenant.Integration,
            Event("c1", "lead.created", "L7", new { channel = "seo", occurredAt = "2026-11-01T09:00:00Z" }),
            Event("w2", "deal.won", "L7", new
            {
                dealId = "D7",
                amount = 120_000m,
                currency = "RUB",
                occurredAt = "2026-11-13T12:00:00Z",
                splits = new object[] { new { employeeId = tenant.Anna, share = 0.6m }, new { employeeExternalId = "1001", share = 0.4m } },
                overlays = new object[] { new { employeeId = tenant.Boris } },
            }));

        var deal = await EventsAsync(tenant.Admin, "&dealId=D7");
        Assert.Equal([100_000m, 120_000m], deal.Select(e => e.GetProperty("amount").GetDecimal()));
        var splits = deal[1].GetProperty("splits").EnumerateArray().ToList();
        Assert.All(splits, s => Assert.Equal(tenant.Anna, s.GetProperty("employeeId").GetGuid()));
        Assert.Equal([0.6m, 0.4m], splits.Select(s => s.GetProperty("share").GetDecimal()));
        Assert.Equal(tenant.Boris, deal[1].GetProperty("overlays")[0].GetProperty("employeeId").GetGuid());
        Assert.Equal(3, (await EventsAsync(tenant.Admin, "&leadId=L7")).Count);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_refuses_another_body_and_holds_across_instances()
    {
        var tenant = await TenantAsync();
        HttpRequestMessage Request(string key, params object[] events)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/actuals/events") { Content = JsonContent.Create(new { events }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await tenant.Integration.SendAsync(Request("k-1", Event("i1", "lead.created")));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var replay = await tenant.Integration.SendAsync(Request("k-1", Event("i1", "lead.created")));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync()); // "accepted": 1 again, not "duplicates": 1
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        await (await tenant.Integration.SendAsync(Request("k-1", Event("i2", "lead.created")))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Another API instance on the same database knows the key.
        await using var second = new ApiFactory(fixture.Database.PooledApplicationConnectionString());
        using var viaSecond = second.Client();
        viaSecond.DefaultRequestHeaders.Add("X-Api-Key", tenant.Integration.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        var elsewhere = await viaSecond.SendAsync(Request("k-1", Event("i1", "lead.created")));
        Assert.Equal(firstBody, await elsewhere.Content.ReadAsStringAsync());
        Assert.Single(await EventsAsync(tenant.Admin));
    }

    [Fact]
    public async Task The_same_key_twice_at_once_does_the_work_once_and_the_other_hears_409_or_the_replay()
    {
        var tenant = await TenantAsync();
        var events = Enumerable.Range(0, 3000).Select(i => Event($"c{i}", "lead.created", $"L{i}")).ToArray();
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/actuals/events") { Content = JsonContent.Create(new { events }) };
            request.Headers.Add("Idempotency-Key", "same-key");
            return request;
        }

        var answers = await Task.WhenAll(tenant.Integration.SendAsync(Request()), tenant.Integration.SendAsync(Request()));
        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var bodies = await Task.WhenAll(answers.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.All(bodies, b => Assert.Equal(3000, b.GetProperty("accepted").GetInt32()));
    }

    [Fact]
    public async Task A_key_still_in_flight_answers_409_and_nothing_is_stored_twice()
    {
        var tenant = await TenantAsync();
        var body = JsonSerializer.Serialize(new { events = new[] { Event("b1", "lead.created") } });
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/actuals/events") { Content = HttpAssertions.Json(body) };
            request.Headers.Add("Idempotency-Key", "busy");
            return request;
        }
        var keyId = (await (await tenant.Admin.GetAsync("/api/v1/api-keys")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetGuid();
        var dataSource = fixture.Api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

        // Another instance is still working on this very request: it holds the key's lock until its transaction ends.
        await using (var running = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(dataSource, tenant.Id, CancellationToken.None))
        {
            await running.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@name, 0))",
                new { name = Saas.Api.Infrastructure.Http.IdempotencyFilter.LockName(tenant.Id, "api_key:" + keyId, "busy") });
            await (await tenant.Integration.SendAsync(Request())).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
            Assert.Empty(await EventsAsync(tenant.Admin));
        }

        // An earlier version wrote the key before the work and died before completing it: nobody holds it, so a retry does the work.
        var hash = System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("POST /api/v1/actuals/events application/json; charset=utf-8\n" + body));
        await using (var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(dataSource, tenant.Id, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into idempotency_keys (tenant_id, caller, key, request_hash, expires_at) values (@tenant, @caller, 'busy', @hash, now() + interval '1 hour')
                """, new { tenant = tenant.Id, caller = "api_key:" + keyId, hash });
            await work.CommitAsync();
        }
        Assert.Equal(1, (await (await tenant.Integration.SendAsync(Request())).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
        var replay = await tenant.Integration.SendAsync(Request());
        Assert.Equal(1, (await replay.AssertStatusAsync(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await EventsAsync(tenant.Admin));
    }

    [Fact]
    public async Task Batches_over_5000_events_and_bodies_that_are_not_a_batch_fail_as_a_whole()
    {
        var tenant = await TenantAsync();
        var tooMany = Enumerable.Range(0, 5001).Select(i => Event($"x{i}", "lead.created", $"L{i}")).ToArray();
        await (await tenant.Integration.PostAsJsonAsync("/api/v1/actuals/events", new { events = tooMany })).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await tenant.Integration.PostAsync("/api/v1/actuals/events", HttpAssertions.Json("""{"events": {}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await tenant.Integration.PostAsync("/api/v1/actuals/events", HttpAssertions.Json("""{"events": [], "more": 1}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await tenant.Integration.PostAsync("/api/v1/actuals/events", HttpAssertions.Json("""{"events": ["""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await tenant.Integration.PostAsync("/api/v1/actuals/events", new StringContent("events"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await EventsAsync(tenant.Admin));
    }

    [Fact]
    public async Task A_csv_import_stores_its_good_rows_and_names_the_bad_ones()
    {
        var tenant = await TenantAsync();
        var csv = new StringBuilder("Source,ExternalId,Type,OccurredAt,LeadId,EmployeeExternalId,Channel,ReasonCode,Comment\n");
        csv.Append("amocrm,r1,lead.created,2026-11-02T09:00:00+03:00,L1,,yandex_direct,,\n");
        csv.Append("amocrm,r2,lead.first_response,not-a-time,L1,1001,,,\n");
        csv.Append("amocrm,r3,lead.first_response,2026-11-02T09:03:00+03:00,L1,1001,,,\n");
        csv.Append("amocrm,r4,lead.disqualified,2026-11-02T09:30:00+03:00,L2,,,other,\n");
        csv.Append("amocrm,r5,lead.disqualified,2026-11-02T09:31:00+03:00,L3,,,other,\"Звонил конкурент, \"\"разведка\"\"\"\n");
        var result = await (await tenant.Integration.PostAsync("/api/v1/actuals/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal("events", result.GetProperty("kind").GetString());
        Assert.Equal((5, 3), (result.GetProperty("received").GetInt32(), result.GetProperty("accepted").GetInt32()));
        Assert.Equal([1, 3], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.True(result.GetProperty("rejected")[0].GetProperty("errors").TryGetProperty("occurredAt", out _));
        Assert.True(result.GetProperty("rejected")[1].GetProperty("errors").TryGetProperty("comment", out _));
        var stored = await EventsAsync(tenant.Admin);
        Assert.Equal("Звонил конкурент, \"разведка\"", stored.Single(e => e.GetProperty("externalId").GetString() == "r5").GetProperty("comment").GetString());

        await (await tenant.Integration.PostAsync("/api/v1/actuals/import", new StringContent("source,mood\namocrm,happy\n", Encoding.UTF8, "text/csv")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await tenant.Integration.PostAsync("/api/v1/actuals/import", new StringContent("", Encoding.UTF8, "text/csv")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Spend_and_metric_values_are_replaced_by_a_later_post_and_checked_item_by_item()
    {
        var tenant = await TenantAsync();
        var spend = await (await tenant.Integration.PostAsJsonAsync("/api/v1/actuals/spend", new
        {
            entries = new object[]
            {
                new { date = "2026-11-01", channel = "yandex_direct", campaign = "winter", amount = 10_000m, currency = "RUB" },
                new { date = "2026-11-01", channel = "yandex_direct", amount = -5m, currency = "RUB" },
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, spend.GetProperty("stored").GetInt32());
        Assert.Equal(1, spend.GetProperty("rejected")[0].GetProperty("index").GetInt32());

        var csv = "date,channel,campaign,amount,currency\n2026-11-01,yandex_direct,winter,12000,RUB\n";
        var imported = await (await tenant.Integration.PostAsync("/api/v1/actuals/import?kind=spend", new StringContent(csv, Encoding.UTF8, "text/csv")))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, imported.GetProperty("accepted").GetInt32());

        var metrics = await (await tenant.Integration.PostAsJsonAsync("/api/v1/actuals/metrics", new
        {
            values = new object[]
            {
                new { employeeId = tenant.Anna, metric = "cr_sql_to_won", period = "2026-11", value = 0.22m },
                new { employeeId = tenant.Anna, metric = "cr_sql_to_won", period = "2026-11", value = 22m },
                new { employeeId = Guid.CreateVersion7(), metric = "sql", period = "2026-11", value = 5m },
                new { employeeId = tenant.Anna, metric = "happiness", period = "2026-11", value = 1m },
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, metrics.GetProperty("stored").GetInt32());
        Assert.Equal([1, 2, 3], metrics.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));

        await using var work = await Saas.Api.Infrastructure.Database.UnitOfWork.BeginAsync(
            fixture.Api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), tenant.Id, CancellationToken.None);
        Assert.Equal(12_000m, await work.ExecuteScalarAsync<decimal>("select amount from spend where tenant_id = @TenantId", new { work.TenantId }));
        Assert.Equal(0.22m, await work.ExecuteScalarAsync<decimal>("select value from metric_values where tenant_id = @TenantId", new { work.TenantId }));
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_actuals_and_cannot_name_another_tenants_employees()
    {
        var owner = await TenantAsync();
        var stranger = await TenantAsync();
        await PostEventsAsync(owner.Integration, Event("o1", "lead.created"));

        Assert.Empty(await EventsAsync(stranger.Admin));
        Assert.Empty(await EventsAsync(stranger.Integration));
        var foreign = await PostEventsAsync(stranger.Integration, Event("s1", "lead.assigned", extra: new { employeeId = owner.Anna }));
        Assert.Equal(0, foreign.GetProperty("accepted").GetInt32());
        // The same source and external id in another tenant is another event.
        var same = await PostEventsAsync(stranger.Integration, Event("o1", "lead.created"));
        Assert.Equal(1, same.GetProperty("accepted").GetInt32());
        Assert.Single(await EventsAsync(owner.Admin));
    }

    [Fact]
    public async Task Reading_needs_actuals_read_and_writing_needs_actuals_write()
    {
        var tenant = await TenantAsync();
        var readOnlyKey = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "BI", scopes = new[] { "actuals:read" } }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("key").GetString();
        using var reader = fixture.Api.Client();
        reader.DefaultRequestHeaders.Add("X-Api-Key", readOnlyKey);
        await (await reader.GetAsync("/api/v1/actuals/events")).AssertStatusAsync(HttpStatusCode.OK);
        await (await reader.PostAsJsonAsync("/api/v1/actuals/events", new { events = new[] { Event("r1", "lead.created") } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var employee = fixture.Api.Client(tenant.Id, "employee");
        await (await employee.GetAsync("/api/v1/actuals/events")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_lead_is_attributed_by_the_tenants_model_from_events_in_any_order_and_its_deal_credits_closer_and_source()
    {
        var tenant = await TenantAsync();
        // The deal and its correction arrive before the lead's history.
        await PostEventsAsync(tenant.Integration,
            Event("w1", "deal.won", "L9", new { dealId = "D9", amount = 100_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-20T12:00:00Z" }),
            Event("w2", "deal.won", "L9", new { dealId = "D9", amount = 150_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-21T12:00:00Z" }));
        await PostEventsAsync(tenant.Integration,
            Event("t3", "lead.touch", "L9", new { channel = "seo", occurredAt = "2026-11-10T10:00:00Z" }),
            Event("c1", "lead.created", "L9", new { channel = "direct", employeeId = tenant.Boris, occurredAt = "2026-11-10T09:00:00Z" }),
            Event("t2", "lead.touch", "L9", new { channel = "direct", occurredAt = "2026-11-10T08:30:00Z" }),
            Event("t1", "lead.touch", "L9", new { channel = "email", campaign = "digest", hypothesis = "weekly", occurredAt = "2026-11-10T08:00:00Z" }),
            Event("s1", "lead.sql", "L9", new { occurredAt = "2026-11-12T09:00:00Z" }));

        var lead = await (await tenant.Integration.GetAsync("/api/v1/actuals/leads/L9")).AssertStatusAsync(HttpStatusCode.OK);
        // Touches up to creation: email 08:00, direct 08:30, direct (created) 09:00; the seo touch came after.
        Assert.Equal("last_non_direct", lead.GetProperty("source").GetProperty("model").GetString()); // the tenant's default
        Assert.Equal(("email", "digest"), (lead.GetProperty("source").GetProperty("channel").GetString(), lead.GetProperty("source").GetProperty("campaign").GetString()));
        Assert.Equal("email", lead.GetProperty("sourceByModel").GetProperty("first_touch").GetProperty("channel").GetString());
        Assert.Equal("direct", lead.GetProperty("sourceByModel").GetProperty("last_touch").GetProperty("channel").GetString());
        Assert.Equal(tenant.Boris, lead.GetProperty("owner").GetGuid());
        Assert.Equal(["lead.created", "lead.touch", "lead.sql", "deal.won"], lead.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));

        var deal = Assert.Single(lead.GetProperty("deals").EnumerateArray());
        Assert.Equal((150_000m, 2), (deal.GetProperty("amount").GetDecimal(), deal.GetProperty("versions").GetInt32()));
        var credits = deal.GetProperty("credits").EnumerateArray().Select(c => (c.GetProperty("employeeId").GetGuid(), c.GetProperty("role").GetString())).ToList();
        Assert.Equal([(tenant.Anna, "closed"), (tenant.Boris, "sourced")], credits);

        await (await tenant.Integration.GetAsync("/api/v1/actuals/leads/L404")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var stranger = await TenantAsync();
        await (await stranger.Integration.GetAsync("/api/v1/actuals/leads/L9")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
