using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Npgsql;
using Saas.Api.Features.Actuals;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using ImportResult = Saas.Api.Features.Actuals.ImportCsv.Result;
using LeadResponse = Saas.Api.Features.Actuals.GetLead.Response;
using MetricsResult = Saas.Api.Features.Actuals.PostMetrics.Result;
using SpendResult = Saas.Api.Features.Actuals.PostSpend.Result;

namespace Saas.Api.Tests.Features.Actuals;

public class ActualsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string EventsUrl = "/api/v1/actuals/events";

    private IAlbaHost Host => fixture.Host;

    private sealed record Tenant(Guid Id, string AdminToken, string Key, Guid Anna, Guid Boris)
    {
        public Caller Admin => Caller.User(AdminToken);

        public Caller Integration => Caller.Integration(Key);
    }

    /// <summary>A tenant with two sales managers (Anna is 1001 in amoCRM) and an integration's API key.</summary>
    private async Task<Tenant> TenantAsync()
    {
        var id = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(id);
        var anna = await Host.EmployeeAsync(admin, "Анна", externalIds: new() { ["amocrm"] = "1001" });
        var boris = await Host.EmployeeAsync(admin, "Борис");
        var key = await Host.ApiKeyAsync(admin, "amoCRM", "actuals:write", "actuals:read");
        return new Tenant(id, admin, key, anna, boris);
    }

    private static object Event(string externalId, string type, string leadId = "L1", object? extra = null) =>
        ActualsScenarios.Event(externalId, type, "2026-11-10T10:00:00+03:00", leadId, extra);

    /// <summary>A body sent exactly as given, as <c>application/json</c>.</summary>
    private static void PostJsonText(Scenario scenario, string url, string json)
    {
        scenario.Post.Text(json).ToUrl(url);
        scenario.WithRequestHeader("Content-Type", "application/json");
    }

    private async Task<T> QueryAsync<T>(Guid tenant, Func<UnitOfWork, Task<T>> query)
    {
        await using var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None);
        return await query(work);
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
        foreach (var (name, value) in JsonNode.Parse(fields)!.AsObject())
            body[name] = value?.DeepClone();
        var json = new JsonObject { ["events"] = new JsonArray(body) }.ToJsonString();
        var result = (await Host.Scenario(s => PostJsonText(tenant.Integration.Apply(s), EventsUrl, json))).ReadAsJson<IngestResult>();

        Assert.Equal(0, result.Accepted);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(0, rejected.Index);
        Assert.True(rejected.Errors.ContainsKey(field), string.Join(", ", rejected.Errors.Keys));
        Assert.Empty(await Host.EventsAsync(tenant.Admin));
    }

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

        var first = await Host.PostEventsAsync(tenant.Integration, batch);
        Assert.Equal((5, 3, 0), (first.Received, first.Accepted, first.Duplicates));
        Assert.Equal([1, 4], first.Rejected.Select(r => r.Index));
        Assert.True(first.Rejected[0].Errors.ContainsKey("amount"));

        var stored = await Host.EventsAsync(tenant.Admin);
        Assert.Equal(["e1", "e3", "e4"], stored.Select(e => e.ExternalId));
        Assert.Equal(tenant.Anna, stored[1].EmployeeId); // named by the CRM's id, stored by ours

        var again = await Host.PostEventsAsync(tenant.Integration, batch);
        Assert.Equal((0, 3), (again.Accepted, again.Duplicates));
        Assert.Equal(3, (await Host.EventsAsync(tenant.Admin)).Count);
    }

    [Fact]
    public async Task Events_arrive_in_any_order_and_a_corrected_deal_keeps_its_history()
    {
        var tenant = await TenantAsync();
        await Host.PostEventsAsync(tenant.Integration,
            Event("w1", "deal.won", "L7", new { dealId = "D7", amount = 100_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-12T12:00:00Z" }));
        await Host.PostEventsAsync(tenant.Integration,
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

        var deal = await Host.EventsAsync(tenant.Admin, "&dealId=D7");
        Assert.Equal([100_000m, 120_000m], deal.Select(e => e.Amount));
        var splits = deal[1].Splits!.Value.EnumerateArray().ToList();
        Assert.All(splits, s => Assert.Equal(tenant.Anna, s.GetProperty("employeeId").GetGuid()));
        Assert.Equal([0.6m, 0.4m], splits.Select(s => s.GetProperty("share").GetDecimal()));
        Assert.Equal(tenant.Boris, deal[1].Overlays!.Value[0].GetProperty("employeeId").GetGuid());
        Assert.Equal(3, (await Host.EventsAsync(tenant.Admin, "&leadId=L7")).Count);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_refuses_another_body_and_holds_across_instances()
    {
        var tenant = await TenantAsync();
        static string Body(params object[] events) => JsonSerializer.Serialize(new { events });
        Task<IScenarioResult> SendAsync(string key, string json, Action<Scenario>? expect = null) => Host.Scenario(s =>
        {
            PostJsonText(tenant.Integration.Apply(s), EventsUrl, json);
            s.WithRequestHeader("Idempotency-Key", key);
            expect?.Invoke(s);
        });

        var body = Body(Event("i1", "lead.created"));
        var first = await SendAsync("k-1", body);
        var firstBody = first.ReadAsText();
        Assert.Equal(1, first.ReadAsJson<IngestResult>().Accepted);
        Assert.False(first.Context.Response.Headers.ContainsKey("Idempotent-Replayed"));

        var replay = await SendAsync("k-1", body, s => s.Header("Idempotent-Replayed").SingleValueShouldEqual("true"));
        Assert.Equal(firstBody, replay.ReadAsText()); // "accepted": 1 again, not "duplicates": 1

        await SendAsync("k-1", Body(Event("i2", "lead.created")), s => s.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused"));
        await SendAsync("k-1 with spaces", body, s => s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request"));
        await SendAsync(new string('k', 201), body, s => s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request"));

        // A refused batch is a complete answer too: a retry with the same key hears it again.
        await SendAsync("k-2", """{"events": {}}""", s => s.ProblemShouldBe(HttpStatusCode.BadRequest));
        await SendAsync("k-2", """{"events": {}}""", s =>
        {
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });

        // Another API instance (on a socket) on the same database knows the key.
        using var viaSecond = fixture.Api.Client();
        viaSecond.DefaultRequestHeaders.Add("X-Api-Key", tenant.Key);
        var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, EventsUrl) { Content = content };
        request.Headers.Add("Idempotency-Key", "k-1");
        var elsewhere = await viaSecond.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(firstBody, await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal("true", elsewhere.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await Host.EventsAsync(tenant.Admin));

        // Only the bulk writes take a key: elsewhere the header means nothing.
        var listed = await Host.Scenario(s =>
        {
            tenant.Admin.Apply(s).Get.Url(EventsUrl);
            s.WithRequestHeader("Idempotency-Key", "k-1");
        });
        Assert.False(listed.Context.Response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Single(listed.ReadAsJson<Page<Saas.Api.Features.Actuals.ListEvents.EventResponse>>().Items);
    }

    [Fact]
    public async Task The_same_key_twice_at_once_does_the_work_once_and_the_other_hears_409_or_the_replay()
    {
        var tenant = await TenantAsync();
        var events = Enumerable.Range(0, 3000).Select(i => Event($"c{i}", "lead.created", $"L{i}")).ToArray();
        Task<IScenarioResult> SendAsync() => Host.Scenario(s =>
        {
            tenant.Integration.Apply(s).Post.Json(new { events }).ToUrl(EventsUrl);
            s.WithRequestHeader("Idempotency-Key", "same-key");
            s.IgnoreStatusCode();
        });

        var answers = await Task.WhenAll(SendAsync(), SendAsync());
        static HttpStatusCode Status(IScenarioResult answer) => (HttpStatusCode)answer.Context.Response.StatusCode;
        var statuses = answers.Select(Status).Order().ToList();
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        foreach (var conflict in answers.Where(a => Status(a) == HttpStatusCode.Conflict))
        {
            Assert.StartsWith("application/problem+json", conflict.Context.Response.ContentType);
            Assert.Equal("/problems/conflict", conflict.ReadProblem().Type);
        }
        Assert.All(answers.Where(a => Status(a) == HttpStatusCode.OK), a => Assert.Equal(3000, a.ReadAsJson<IngestResult>().Accepted));
        Assert.Equal(3000, (await QueryAsync(tenant.Id, work =>
            work.QuerySingleAsync<int>("select count(*)::int from events where tenant_id = @TenantId", new { work.TenantId }))));
    }

    [Fact]
    public async Task A_key_still_in_flight_answers_409_and_nothing_is_stored_twice()
    {
        var tenant = await TenantAsync();
        var body = JsonSerializer.Serialize(new { events = new[] { Event("b1", "lead.created") } });
        Task<IScenarioResult> SendAsync(Action<Scenario> expect) => Host.Scenario(s =>
        {
            PostJsonText(tenant.Integration.Apply(s), EventsUrl, body);
            s.WithRequestHeader("Idempotency-Key", "busy");
            expect(s);
        });
        var keyId = await QueryAsync(tenant.Id, work => work.QuerySingleAsync<Guid>("select id from api_keys where tenant_id = @TenantId", new { work.TenantId }));
        var dataSource = fixture.Service<NpgsqlDataSource>();

        // Another instance is still working on this very request: it holds the key's lock until its transaction ends.
        await using (var running = await UnitOfWork.BeginAsync(dataSource, tenant.Id, CancellationToken.None))
        {
            await running.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@name, 0))",
                new { name = IdempotencyFilter.LockName(tenant.Id, "api_key:" + keyId, "busy") });
            await SendAsync(s => s.ProblemShouldBe(HttpStatusCode.Conflict, "conflict"));
            Assert.Empty(await Host.EventsAsync(tenant.Admin));
        }

        // An earlier version wrote the key before the work and died before completing it: nobody holds it, so a retry does the work.
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("POST /api/v1/actuals/events application/json\n" + body));
        await using (var work = await UnitOfWork.BeginAsync(dataSource, tenant.Id, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into idempotency_keys (tenant_id, caller, key, request_hash, expires_at) values (@tenant, @caller, 'busy', @hash, now() + interval '1 hour')
                """, new { tenant = tenant.Id, caller = "api_key:" + keyId, hash });
            await work.CommitAsync();
        }
        Assert.Equal(1, (await SendAsync(s => s.StatusCodeShouldBeOk())).ReadAsJson<IngestResult>().Accepted);
        var replay = await SendAsync(s => s.Header("Idempotent-Replayed").SingleValueShouldEqual("true"));
        Assert.Equal(1, replay.ReadAsJson<IngestResult>().Accepted);
        // The stored answer is of this very request: a different hash would have been 422.
        Assert.Single(await Host.EventsAsync(tenant.Admin));
    }

    /// <summary>Over a socket: the server's body limit (1 MB) is what the bulk endpoints raise.</summary>
    [Fact]
    public async Task Bulk_bodies_above_the_api_wide_limit_are_taken_with_or_without_an_idempotency_key()
    {
        var tenant = await TenantAsync();
        using var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", tenant.Key);
        var comment = new string('x', 400);
        async Task<HttpResponseMessage> PostAsync(string url, string body, string contentType, string? key)
        {
            var content = new StringContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            if (key is not null)
                request.Headers.Add("Idempotency-Key", key);
            // The client waits to hear whether the server takes the body, as it must for one the server refuses unread.
            request.Headers.ExpectContinue = true;
            return await client.SendAsync(request);
        }

        foreach (var key in new[] { null, "big-events" })
        {
            var events = Enumerable.Range(0, 3000).Select(i => Event($"{key}-{i}", "lead.created", $"B{i}", new { comment })).ToArray();
            var body = JsonSerializer.Serialize(new { events });
            Assert.True(body.Length > 1024 * 1024);
            var ingested = await (await PostAsync(EventsUrl, body, "application/json", key)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Equal(3000, ingested.GetProperty("accepted").GetInt32());
        }

        var csv = new StringBuilder("source,externalId,type,occurredAt,leadId,comment\n");
        for (var i = 0; i < 3000; i++)
            csv.Append($"amocrm,csv-{i},lead.created,2026-11-02T09:00:00+03:00,C{i},{comment}\n");
        Assert.True(csv.Length > 1024 * 1024);
        var imported = await (await PostAsync("/api/v1/actuals/import", csv.ToString(), "text/csv", "big-file")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(3000, imported.GetProperty("accepted").GetInt32());

        // Beyond the bulk limit the server refuses the body when the key's hash starts to read it.
        var huge = "{\"events\":[" + string.Join(",", Enumerable.Repeat($"\"{new string('y', 1024 * 1024)}\"", 17)) + "]}";
        await (await PostAsync(EventsUrl, huge, "application/json", "too-big")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Batches_over_5000_events_and_bodies_that_are_not_a_batch_fail_as_a_whole()
    {
        var tenant = await TenantAsync();
        var tooMany = Enumerable.Range(0, 5001).Select(i => Event($"x{i}", "lead.created", $"L{i}")).ToArray();
        await Host.Scenario(s =>
        {
            tenant.Integration.Apply(s).Post.Json(new { events = tooMany }).ToUrl(EventsUrl);
            s.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        });
        foreach (var (json, type) in new[] { ("""{"events": {}}""", "validation"), ("""{"events": [], "more": 1}""", "unknown-property"), ("""{"events": [""", null) })
        {
            await Host.Scenario(s =>
            {
                PostJsonText(tenant.Integration.Apply(s), EventsUrl, json);
                s.ProblemShouldBe(HttpStatusCode.BadRequest, type);
            });
        }
        await Host.Scenario(s =>
        {
            tenant.Integration.Apply(s).Post.Text("events").ToUrl(EventsUrl);
            s.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType);
        });
        Assert.Empty(await Host.EventsAsync(tenant.Admin));
    }

    private Task<IScenarioResult> ImportAsync(Caller caller, string csv, string? kind = null, Action<Scenario>? expect = null) => Host.Scenario(s =>
    {
        var send = caller.Apply(s).Post.Text(csv).ToUrl("/api/v1/actuals/import");
        if (kind is not null)
            send.QueryString("kind", kind);
        s.WithRequestHeader("Content-Type", "text/csv; charset=utf-8");
        expect?.Invoke(s);
    });

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
        var result = (await ImportAsync(tenant.Integration, csv.ToString())).ReadAsJson<ImportResult>();

        Assert.Equal("events", result.Kind);
        Assert.Equal((5, 3), (result.Received, result.Accepted));
        Assert.Equal([1, 3], result.Rejected.Select(r => r.Index));
        Assert.True(result.Rejected[0].Errors.ContainsKey("occurredAt"));
        Assert.True(result.Rejected[1].Errors.ContainsKey("comment"));
        var stored = await Host.EventsAsync(tenant.Admin);
        Assert.Equal("Звонил конкурент, \"разведка\"", stored.Single(e => e.ExternalId == "r5").Comment);

        await ImportAsync(tenant.Integration, "source,mood\namocrm,happy\n", expect: s => s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation"));
        await ImportAsync(tenant.Integration, "", expect: s => s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation"));
        var kind = (await ImportAsync(tenant.Integration, "date\n", "weather", s => s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation")))
            .ReadProblem();
        Assert.Equal(["Must"], kind.Rules!["kind"]);
        await Host.Scenario(s =>
        {
            tenant.Integration.Apply(s).Post.Json(new { source = "amocrm" }).ToUrl("/api/v1/actuals/import");
            s.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType);
        });
    }

    [Fact]
    public async Task Spend_and_metric_values_are_replaced_by_a_later_post_and_checked_item_by_item()
    {
        var tenant = await TenantAsync();
        var spend = (await Host.Scenario(s => tenant.Integration.Apply(s).Post.Json(new
        {
            entries = new object[]
            {
                new { date = "2026-11-01", channel = "yandex_direct", campaign = "winter", amount = 10_000m, currency = "RUB" },
                new { date = "2026-11-01", channel = "yandex_direct", amount = -5m, currency = "RUB" },
            },
        }).ToUrl("/api/v1/actuals/spend"))).ReadAsJson<SpendResult>();
        Assert.Equal(1, spend.Stored);
        Assert.Equal(1, spend.Rejected[0].Index);

        var csv = "date,channel,campaign,amount,currency\n2026-11-01,yandex_direct,winter,12000,RUB\n";
        var imported = (await ImportAsync(tenant.Integration, csv, "spend")).ReadAsJson<ImportResult>();
        Assert.Equal(1, imported.Accepted);

        var metrics = (await Host.Scenario(s => tenant.Integration.Apply(s).Post.Json(new
        {
            values = new object[]
            {
                new { employeeId = tenant.Anna, metric = "cr_sql_to_won", period = "2026-11", value = 0.22m },
                new { employeeId = tenant.Anna, metric = "cr_sql_to_won", period = "2026-11", value = 22m },
                new { employeeId = Guid.CreateVersion7(), metric = "sql", period = "2026-11", value = 5m },
                new { employeeId = tenant.Anna, metric = "happiness", period = "2026-11", value = 1m },
            },
        }).ToUrl("/api/v1/actuals/metrics"))).ReadAsJson<MetricsResult>();
        Assert.Equal(1, metrics.Stored);
        Assert.Equal([1, 2, 3], metrics.Rejected.Select(r => r.Index));

        Assert.Equal(12_000m, await QueryAsync(tenant.Id, work => work.ExecuteScalarAsync<decimal>("select amount from spend where tenant_id = @TenantId", new { work.TenantId })));
        Assert.Equal(0.22m, await QueryAsync(tenant.Id, work => work.ExecuteScalarAsync<decimal>("select value from metric_values where tenant_id = @TenantId", new { work.TenantId })));
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_actuals_and_cannot_name_another_tenants_employees()
    {
        var owner = await TenantAsync();
        var stranger = await TenantAsync();
        await Host.PostEventsAsync(owner.Integration, Event("o1", "lead.created"));

        Assert.Empty(await Host.EventsAsync(stranger.Admin));
        Assert.Empty(await Host.EventsAsync(stranger.Integration));
        var foreign = await Host.PostEventsAsync(stranger.Integration, Event("s1", "lead.assigned", extra: new { employeeId = owner.Anna }));
        Assert.Equal(0, foreign.Accepted);
        // The same source and external id in another tenant is another event.
        var same = await Host.PostEventsAsync(stranger.Integration, Event("o1", "lead.created"));
        Assert.Equal(1, same.Accepted);
        Assert.Single(await Host.EventsAsync(owner.Admin));
    }

    [Fact]
    public async Task Reading_needs_actuals_read_and_writing_needs_actuals_write()
    {
        var tenant = await TenantAsync();
        var reader = Caller.Integration(await Host.ApiKeyAsync(tenant.AdminToken, "BI", "actuals:read"));
        await Host.Scenario(s => reader.Apply(s).Get.Url(EventsUrl));
        await Host.Scenario(s =>
        {
            reader.Apply(s).Post.Json(new { events = new[] { Event("r1", "lead.created") } }).ToUrl(EventsUrl);
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        var employee = await fixture.TokenAsync(tenant.Id, "employee");
        await Host.Scenario(s =>
        {
            s.As(employee).Get.Url(EventsUrl);
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
    }

    [Fact]
    public async Task A_lead_is_attributed_by_the_tenants_model_from_events_in_any_order_and_its_deal_credits_closer_and_source()
    {
        var tenant = await TenantAsync();
        // The deal and its correction arrive before the lead's history.
        await Host.PostEventsAsync(tenant.Integration,
            Event("w1", "deal.won", "L9", new { dealId = "D9", amount = 100_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-20T12:00:00Z" }),
            Event("w2", "deal.won", "L9", new { dealId = "D9", amount = 150_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-21T12:00:00Z" }));
        await Host.PostEventsAsync(tenant.Integration,
            Event("t3", "lead.touch", "L9", new { channel = "seo", occurredAt = "2026-11-10T10:00:00Z" }),
            Event("c1", "lead.created", "L9", new { channel = "direct", employeeId = tenant.Boris, occurredAt = "2026-11-10T09:00:00Z" }),
            Event("t2", "lead.touch", "L9", new { channel = "direct", occurredAt = "2026-11-10T08:30:00Z" }),
            Event("t1", "lead.touch", "L9", new { channel = "email", campaign = "digest", hypothesis = "weekly", occurredAt = "2026-11-10T08:00:00Z" }),
            Event("s1", "lead.sql", "L9", new { occurredAt = "2026-11-12T09:00:00Z" }));
        // A refund names the deal, not always its lead. The lead's second deal is not refunded; another lead's deal and its
        // refund are not this lead's.
        await Host.PostEventsAsync(tenant.Integration,
            ActualsScenarios.Event("r1", "deal.refunded", "2026-11-25T12:00:00Z", null!, new { dealId = "D9", amount = 150_000m, currency = "RUB" }),
            Event("w3", "deal.won", "L9", new { dealId = "D10", amount = 50_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-22T12:00:00Z" }),
            Event("w8", "deal.won", "L8", new { dealId = "D8", amount = 50_000m, currency = "RUB", employeeId = tenant.Anna, occurredAt = "2026-11-20T12:00:00Z" }),
            Event("r8", "deal.refunded", "L8", new { dealId = "D8", amount = 50_000m, currency = "RUB", occurredAt = "2026-11-25T12:00:00Z" }));

        var lead = (await Host.Scenario(s => tenant.Integration.Apply(s).Get.Url("/api/v1/actuals/leads/L9"))).ReadAsJson<LeadResponse>();
        // Touches up to creation: email 08:00, direct 08:30, direct (created) 09:00; the seo touch came after.
        Assert.Equal("last_non_direct", lead.Source!.Model); // the tenant's default
        Assert.Equal(("email", "digest"), (lead.Source.Channel, lead.Source.Campaign));
        Assert.Equal("email", lead.SourceByModel["first_touch"]!.Channel);
        Assert.Equal("direct", lead.SourceByModel["last_touch"]!.Channel);
        Assert.Equal(tenant.Boris, lead.Owner);
        Assert.Equal(["lead.created", "lead.touch", "lead.sql", "deal.won"], lead.Stages);

        Assert.Equal([("D9", true), ("D10", false)], lead.Deals.Select(d => (d.DealId, d.Refunded)));
        var deal = lead.Deals[0];
        Assert.Equal((150_000m, 2), (deal.Amount, deal.Versions));
        Assert.Equal([(tenant.Anna, "closed"), (tenant.Boris, "sourced")], deal.Credits.Select(c => (c.EmployeeId, c.Role)));

        await Host.Scenario(s =>
        {
            tenant.Integration.Apply(s).Get.Url("/api/v1/actuals/leads/L404");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var stranger = await TenantAsync();
        await Host.Scenario(s =>
        {
            stranger.Integration.Apply(s).Get.Url("/api/v1/actuals/leads/L9");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
    }
}
