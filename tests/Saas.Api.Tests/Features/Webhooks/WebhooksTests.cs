using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;
using CreateWebhook = Saas.Api.Features.Webhooks.CreateWebhook;
using ListDeliveries = Saas.Api.Features.Webhooks.ListDeliveries;

namespace Saas.Api.Tests.Features.Webhooks;

/// <summary>Subscriptions and deliveries, with the API in memory and its dispatcher sending to receivers on loopback (the
/// tests' own servers) with short back-offs.</summary>
public class WebhooksTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private const string Secret = "a-receivers-secret-of-32-characters";

    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":1}]}]}
        """;

    private IAlbaHost Host => fixture.Host;

    private async Task<string> AdminAsync() => await fixture.TokenAsync(await fixture.CreateTenantAsync());

    private Task<Guid> SubscribeAsync(string admin, string url, params string[] events) => WebhookScenarios.SubscribeAsync(Host, admin, url, events, Secret);

    private Task<Guid> ActivatePlanAsync(string admin) => WebhookScenarios.ActivatePlanAsync(Host, admin, Plan);

    private async Task<IReadOnlyList<ListDeliveries.Delivery>> DeliveriesAsync(string admin, Guid subscription) =>
        (await Host.GetAsJson<Page<ListDeliveries.Delivery>>($"/api/v1/webhooks/{subscription}/deliveries", admin)).Items;

    private async Task<ListDeliveries.Delivery> WaitForDeliveryAsync(string admin, Guid subscription, string status)
    {
        for (var i = 0; i < 150; i++)
        {
            var items = await DeliveriesAsync(admin, subscription);
            if (items.Count > 0 && items[0].Status == status)
                return items[0];
            await Task.Delay(100);
        }
        throw new TimeoutException($"No delivery reached '{status}' in 15 s.");
    }

    [Fact]
    public async Task A_subscription_is_created_with_its_secret_once_then_listed_changed_and_deleted_and_other_tenants_cannot_see_it()
    {
        var admin = await AdminAsync();
        var result = await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url = "https://hooks.example.com/saas", events = new[] { "sla.breached" } }).ToUrl("/api/v1/webhooks");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
            s.Header("Cache-Control").SingleValueShouldEqual("no-store");
        });
        var created = result.ReadAsJson<CreateWebhook.Response>();
        var id = created.Id;
        Assert.Equal($"/api/v1/webhooks/{id}", result.Context.Response.Headers.Location.ToString());
        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal(["sla.breached"], created.Events);
        Assert.True(created.Active);
        var readText = (await Host.Scenario(s => s.As(admin).Get.Url($"/api/v1/webhooks/{id}"))).ReadAsText();
        Assert.False(JsonDocument.Parse(readText).RootElement.TryGetProperty("secret", out _));
        var read = JsonSerializer.Deserialize<WebhookResponse>(readText, JsonSerializerOptions.Web)!;
        Assert.Equal(("https://hooks.example.com/saas", created.CreatedAt), (read.Url, read.CreatedAt));
        var listText = (await Host.Scenario(s => s.As(admin).Get.Url("/api/v1/webhooks"))).ReadAsText();
        Assert.Equal([id], JsonSerializer.Deserialize<Page<WebhookResponse>>(listText, JsonSerializerOptions.Web)!.Items.Select(w => w.Id));
        Assert.DoesNotContain("whsec_", listText);
        // The superuser's connection: the document table's forced policy would hide the row from the owner.
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.Database.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"select data ->> 'secret' from documents.mt_doc_webhooksubscription where id = '{id}'", connection);
            var stored = Assert.IsType<string>(await command.ExecuteScalarAsync());
            Assert.DoesNotContain(created.Secret, stored);
            Assert.Equal(created.Secret, fixture.Service<WebhookSecrets>().Unprotect(stored));
        }

        var paused = (await Host.Scenario(s =>
            s.As(admin).Patch.Json(new { active = false, events = new[] { "sla.breached", "plan.activated" } }).ToUrl($"/api/v1/webhooks/{id}")))
            .ReadAsJson<WebhookResponse>();
        Assert.Equal((false, "https://hooks.example.com/saas"), (paused.Active, paused.Url));
        Assert.Equal(["sla.breached", "plan.activated"], paused.Events);

        var invalid = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url = "hooks", events = new[] { "deal.won" }, secret = "short" }).ToUrl("/api/v1/webhooks");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["events", "secret", "url"], invalid.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'deal.won' is not an event; use sla.breached, statement.approved, plan.activated, progress.milestone."], invalid.Errors["events"]);
        Assert.All(invalid.Rules!.Values, rules => Assert.Equal(["Webhook"], rules));

        var stranger = await AdminAsync();
        await Host.Scenario(s => { s.As(stranger).Get.Url($"/api/v1/webhooks/{id}"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Get.Url($"/api/v1/webhooks/{id}/deliveries"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Patch.Json(new { active = true }).ToUrl($"/api/v1/webhooks/{id}"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        await Host.Scenario(s => { s.As(stranger).Delete.Url($"/api/v1/webhooks/{id}"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
        Assert.Empty((await Host.GetAsJson<Page<WebhookResponse>>("/api/v1/webhooks", stranger)).Items);

        var manager = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "manager");
        await Host.Scenario(s => { s.As(manager).Get.Url("/api/v1/webhooks"); s.ProblemShouldBe(HttpStatusCode.Forbidden, "forbidden"); });

        await Host.Scenario(s => { s.As(admin).Delete.Url($"/api/v1/webhooks/{id}"); s.StatusCodeShouldBe(HttpStatusCode.NoContent); });
        await Host.Scenario(s => { s.As(admin).Get.Url($"/api/v1/webhooks/{id}"); s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found"); });
    }

    [Fact]
    public async Task Subscriptions_are_listed_in_pages_that_follow_each_other_by_cursor()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var ids = new List<Guid>();
        foreach (var name in new[] { "a", "b", "c" })
            ids.Add(await SubscribeAsync(admin, $"https://hooks.example.com/{name}", "sla.breached"));

        var first = await Host.GetAsJson<Page<WebhookResponse>>("/api/v1/webhooks?limit=2", admin);
        Assert.NotNull(first.NextCursor);
        var second = await Host.GetAsJson<Page<WebhookResponse>>($"/api/v1/webhooks?limit=2&cursor={Uri.EscapeDataString(first.NextCursor)}", admin);
        Assert.Null(second.NextCursor);
        Assert.Equal(ids.Order(), first.Items.Concat(second.Items).Select(w => w.Id));
        Assert.Equal([2, 1], new[] { first.Items.Count, second.Items.Count });
    }

    [Fact]
    public async Task Changes_are_checked_field_by_field_and_a_body_naming_the_route_id_is_refused()
    {
        var admin = await AdminAsync();
        var id = await SubscribeAsync(admin, "https://hooks.example.com/a", "sla.breached");

        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Patch.Json(new { url = "ftp://x", events = Array.Empty<string>(), description = new string('d', 501) }).ToUrl($"/api/v1/webhooks/{id}");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["description", "events", "url"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'description' must be at most 500 characters."], problem.Errors["description"]);
        Assert.Equal(["'events' needs at least one of sla.breached, statement.approved, plan.activated, progress.milestone."], problem.Errors["events"]);

        await Host.Scenario(s =>
        {
            s.As(admin).Patch.Text($$"""{"id":"{{Guid.NewGuid()}}","active":false}""").ToUrl($"/api/v1/webhooks/{id}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "unknown-property");
        });
        Assert.True((await Host.GetAsJson<WebhookResponse>($"/api/v1/webhooks/{id}", admin)).Active);

        var tooMany = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url = "https://hooks.example.com/b", events = Enumerable.Repeat("sla.breached", 21) }).ToUrl("/api/v1/webhooks");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'events' lists at most 20 names."], tooMany.Errors!["events"]);
    }

    [Fact]
    public async Task A_plan_activation_reaches_its_subscribers_signed_with_their_secret_and_no_one_else()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        var listening = await SubscribeAsync(admin, receiver.Url, "plan.activated");
        var elsewhere = await SubscribeAsync(admin, receiver.Url, "sla.breached");

        var plan = await ActivatePlanAsync(admin);
        var received = (await receiver.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.True(received.SignedWith(Secret), "The signature must be HMAC-SHA256 of timestamp.body with the subscription's secret.");
        Assert.False(received.SignedWith(Secret + "x"));
        Assert.InRange(long.Parse(received.Timestamp), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var body = received.Json;
        Assert.Equal(("plan.activated", received.EventId, plan, "2026-11-01"), (body.GetProperty("type").GetString(), body.GetProperty("id").GetString(),
            body.GetProperty("data").GetProperty("planId").GetGuid(), body.GetProperty("data").GetProperty("effectiveFrom").GetString()));

        var delivery = await WaitForDeliveryAsync(admin, listening, "succeeded");
        Assert.Equal((1, 200, "plan.activated", Guid.Parse(received.EventId)), (delivery.Attempts, delivery.AttemptLog[0].StatusCode, delivery.EventType, delivery.EventId));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Empty(await DeliveriesAsync(admin, elsewhere));
        await Task.Delay(500);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_delays_until_it_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = n => n < 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent;
        var admin = await AdminAsync();
        var subscription = await SubscribeAsync(admin, receiver.Url, "plan.activated");
        await ActivatePlanAsync(admin);

        var received = await receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal([1, 2, 3], received.Select(r => r.Attempt));
        Assert.Single(received.Select(r => r.EventId).Distinct());
        Assert.All(received, r => Assert.True(r.SignedWith(Secret)));
        // First retry after 0.2 s, the next after 0.4 s.
        var firstGap = received[1].At - received[0].At;
        var secondGap = received[2].At - received[1].At;
        Assert.True(firstGap >= TimeSpan.FromMilliseconds(190), $"first retry after {firstGap}");
        Assert.True(secondGap >= TimeSpan.FromMilliseconds(390), $"second retry after {secondGap}");

        var delivery = await WaitForDeliveryAsync(admin, subscription, "succeeded");
        Assert.Equal([500, 500, 204], delivery.AttemptLog.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], delivery.AttemptLog.Select(a => a.Number));
        Assert.Equal(3, delivery.Attempts);
    }

    [Fact]
    public async Task A_delivery_that_never_succeeds_is_marked_failed_when_its_retry_window_ends_and_is_not_sent_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => HttpStatusCode.ServiceUnavailable;
        var admin = await AdminAsync();
        var subscription = await SubscribeAsync(admin, receiver.Url, "plan.activated");
        await ActivatePlanAsync(admin);

        var failed = await WaitForDeliveryAsync(admin, subscription, "failed");
        Assert.InRange(failed.Attempts, 3, 6);
        Assert.Equal(503, failed.LastStatusCode);
        Assert.Equal(failed.Attempts, failed.AttemptLog.Count);
        Assert.NotNull(failed.CompletedAt);
        await Task.Delay(1000);
        Assert.Equal(failed.Attempts, receiver.Requests.Count);

        var onlyFailed = await Host.GetAsJson<Page<ListDeliveries.Delivery>>($"/api/v1/webhooks/{subscription}/deliveries?status=failed", admin);
        Assert.Single(onlyFailed.Items);
        Assert.Empty((await Host.GetAsJson<Page<ListDeliveries.Delivery>>($"/api/v1/webhooks/{subscription}/deliveries?status=succeeded", admin)).Items);
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Get.Url($"/api/v1/webhooks/{subscription}/deliveries?status=lost");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Equal(["'status' must be one of pending, succeeded, failed."], problem.Errors!["status"]);
    }

    [Fact]
    public async Task A_slow_receiver_with_a_backlog_does_not_hold_up_other_subscribers()
    {
        // Twenty deliveries to a receiver that takes 3 s each: more than an instance's 16 slots.
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(3);
        var busy = await AdminAsync();
        await SubscribeAsync(busy, slow.Url, "plan.activated");
        for (var i = 0; i < 20; i++)
            await ActivatePlanAsync(busy);
        await slow.WaitForAsync(r => r.Count >= 1);

        await using var fast = await WebhookReceiver.StartAsync();
        var other = await AdminAsync();
        await SubscribeAsync(other, fast.Url, "plan.activated");
        var activatedAt = DateTimeOffset.UtcNow;
        await ActivatePlanAsync(other);
        var received = (await fast.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.True(received.At - activatedAt < TimeSpan.FromSeconds(2), $"delivered {received.At - activatedAt} after the activation");
        // At most four of the slow subscriber's deliveries were in flight at once.
        Assert.InRange(slow.Requests.Count(r => r.At < received.At && r.At > received.At.AddSeconds(-3)), 0, 5);
    }

    [Fact]
    public async Task Finished_deliveries_and_old_breaches_are_purged_after_their_retention_and_nothing_else()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var subscription = await SubscribeAsync(admin, "http://127.0.0.1:9/hook", "sla.breached");
        // 'waiting' is a lead whose deadline has not come: not breached, so kept however long it has been watched. Its check is
        // due tomorrow, not in the past: a due row of a lead that was never created is settled (deleted) by the SLA watch,
        // which in this fixture runs five times a second, so it could not tell the purge from the watch.
        await fixture.Database.ExecuteAsOwnerAsync($$"""
            insert into outbox_events (tenant_id, id, type, payload, occurred_at) values
                ('{{tenant}}', '00000000-0000-0000-0000-000000000001', 'sla.breached', '{}'::jsonb, now() - interval '40 days'),
                ('{{tenant}}', '00000000-0000-0000-0000-000000000002', 'sla.breached', '{}'::jsonb, now() - interval '40 days'),
                ('{{tenant}}', '00000000-0000-0000-0000-000000000003', 'sla.breached', '{}'::jsonb, now() - interval '2 days');
            insert into webhook_deliveries (tenant_id, id, subscription_id, event_id, status, attempts, created_at, completed_at) values
                ('{{tenant}}', '00000000-0000-0000-0000-0000000000d1', '{{subscription}}', '00000000-0000-0000-0000-000000000001', 'succeeded', 1,
                 now() - interval '40 days', now() - interval '40 days'),
                ('{{tenant}}', '00000000-0000-0000-0000-0000000000d2', '{{subscription}}', '00000000-0000-0000-0000-000000000002', 'failed', 9,
                 now() - interval '40 days', now() - interval '10 days'),
                ('{{tenant}}', '00000000-0000-0000-0000-0000000000d3', '{{subscription}}', '00000000-0000-0000-0000-000000000003', 'succeeded', 1,
                 now() - interval '2 days', now() - interval '2 days');
            insert into webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, duration_ms, status_code) values
                ('{{tenant}}', '00000000-0000-0000-0000-0000000000d1', 1, now() - interval '40 days', 12, 200);
            insert into sla_watch (tenant_id, lead_id, check_at, breached_at, notified) values
                ('{{tenant}}', 'old', now() - interval '20 days', now() - interval '20 days', true),
                ('{{tenant}}', 'recent', now() - interval '2 days', now() - interval '2 days', true),
                ('{{tenant}}', 'waiting', now() + interval '1 day', null, false);
            """);

        var services = fixture.Host.Services.GetServices<IHostedService>().ToList();
        await services.OfType<WebhookDispatcher>().Single().PurgeHistoryAsync(CancellationToken.None);
        await services.OfType<SlaWatch>().Single().PurgeAsync(CancellationToken.None);

        Assert.Equal(["d3", "d2"], (await DeliveriesAsync(admin, subscription)).Select(d => d.Id.ToString()[^2..]));
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.OwnerConnectionString);
        await connection.OpenAsync();
        async Task<string> ListAsync(string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }
        Assert.Equal("2,3", await ListAsync($"select string_agg(right(id::text, 1), ',' order by id) from outbox_events where tenant_id = '{tenant}'"));
        Assert.Equal("recent,waiting", await ListAsync($"select string_agg(lead_id, ',' order by lead_id) from sla_watch where tenant_id = '{tenant}'"));
        Assert.Equal("0", await ListAsync($"select count(*)::text from webhook_attempts where tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task An_unreachable_receiver_is_logged_with_the_error_and_retried()
    {
        var admin = await AdminAsync();
        // A port nobody listens on.
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var subscription = await SubscribeAsync(admin, $"http://127.0.0.1:{port}/hook", "plan.activated");
        await ActivatePlanAsync(admin);
        var failed = await WaitForDeliveryAsync(admin, subscription, "failed");
        Assert.True(failed.AttemptLog.Count > 1, "retried");
        Assert.Null(failed.AttemptLog[0].StatusCode);
        Assert.False(string.IsNullOrEmpty(failed.AttemptLog[0].Error));
    }

    [Fact]
    public async Task A_statement_approval_is_announced_to_subscribers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        await SubscribeAsync(admin, receiver.Url, "statement.approved");
        var anna = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }).ToUrl("/api/v1/employees");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await ActivatePlanAsync(admin);
        await Host.Scenario(s => s.As(admin).Post.Json(new
        {
            events = new object[]
            {
                new { source = "amocrm", externalId = "w1", type = "deal.won", occurredAt = "2026-11-10T12:00:00+03:00", leadId = "L1", dealId = "D1",
                    amount = 500_000m, currency = "RUB", employeeId = anna },
            },
        }).ToUrl("/api/v1/actuals/events"));
        var started = await Host.Scenario(s =>
        {
            s.As(admin).Post.Url("/api/v1/periods/2026-11/calculations");
            s.StatusCodeShouldBe(HttpStatusCode.Accepted);
        });
        var job = started.Context.Response.Headers.Location.ToString();
        for (var i = 0; i < 150 && (await Host.GetAsJson<JobResponse>(job, admin)).Status is not "succeeded"; i++)
            await Task.Delay(200);
        var statement = (await Host.GetAsJson<Page<StatementSummary>>("/api/v1/statements?period=2026-11", admin)).Items[0].Id;
        var approved = (await Host.Scenario(s => s.As(admin).Post.Url($"/api/v1/statements/{statement}/approve"))).ReadAsJson<StatementResponse>();

        var data = (await receiver.WaitForAsync(r => r.Count >= 1)).Single().Json.GetProperty("data");
        // 30 000 × 500 000 / 1 000 000 = 15 000.
        Assert.Equal((statement, anna, "2026-11", 15_000m, "RUB"), (data.GetProperty("statementId").GetGuid(), data.GetProperty("employeeId").GetGuid(),
            data.GetProperty("period").GetString(), data.GetProperty("total").GetDecimal(), data.GetProperty("currency").GetString()));
        Assert.Equal(1, data.GetProperty("revision").GetInt32());
        Assert.Equal(approved.ApprovedAt, data.GetProperty("approvedAt").GetDateTimeOffset());
    }
}

/// <summary>Where deliveries may go, with the production defaults (no development flags).</summary>
public class WebhookTargetTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    [Theory]
    [InlineData("http://hooks.example.com/x", "https")]
    [InlineData("https://127.0.0.1/x", "loopback")]
    [InlineData("https://10.1.2.3/x", "private")]
    [InlineData("https://[::1]/x", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private")]
    [InlineData("https://localhost/x", "public host")]
    [InlineData("https://user:pw@hooks.example.com/x", "user name")]
    [InlineData("https://hooks.example.com:22/x", "port")]
    public async Task Without_the_development_flags_plain_http_and_non_public_targets_are_refused(string url, string why)
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        var problem = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url, events = new[] { "sla.breached" } }).ToUrl("/api/v1/webhooks");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        })).ReadProblem();
        Assert.Contains(why, Assert.Single(problem.Errors!["url"]));
        Assert.Equal(["Webhook"], problem.Rules!["url"]);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2a00:1450:4010:c05::64", true)]
    [InlineData("::7f00:1", false)]
    [InlineData("2002:7f00:1::1", false)]
    [InlineData("fec0::1", false)]
    [InlineData("64:ff9b:1::1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("64:ff9b::808:808", true)]
    public void Resolved_addresses_are_checked_on_every_connection(string address, bool allowed) =>
        Assert.Equal(allowed, WebhookTargets.IsAllowed(IPAddress.Parse(address), new()));

    [Fact]
    public async Task A_public_https_target_is_accepted()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        await WebhookScenarios.SubscribeAsync(Host, admin, "https://hooks.example.com/saas", ["plan.activated"]);
    }

    [Fact]
    public async Task A_target_that_reaches_a_private_address_anyway_is_refused_at_connection()
    {
        // A URL that passed the checks when saved but resolves to loopback when delivering (DNS rebinding), written
        // straight into the database: the connection is refused and the receiver sees nothing.
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var id = Guid.CreateVersion7();
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var secret = fixture.Service<WebhookSecrets>().Protect("a-secret-of-at-least-24-characters");
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.Database.PooledApplicationConnectionString()))
        await using (var work = await UnitOfWork.BeginAsync(dataSource, tenant, CancellationToken.None, fixture.Service<IDocumentStore>()))
        {
            work.Documents.Store(new WebhookSubscription { Id = id, Url = url, Events = ["plan.activated"], Secret = secret });
            await work.CommitAsync();
        }
        await WebhookScenarios.ActivatePlanAsync(Host, admin, """
            {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
             "components":[{"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":1}]}]}
            """);

        ListDeliveries.Delivery? delivery = null;
        for (var i = 0; i < 100 && delivery is null; i++)
        {
            await Task.Delay(100);
            var items = (await Host.GetAsJson<Page<ListDeliveries.Delivery>>($"/api/v1/webhooks/{id}/deliveries", admin)).Items;
            if (items.Count > 0 && items[0].AttemptLog.Count > 0)
                delivery = items[0];
        }
        Assert.NotNull(delivery);
        Assert.Null(delivery.AttemptLog[0].StatusCode);
        Assert.Empty(receiver.Requests);
    }
}

internal static class WebhookScenarios
{
    public static async Task<Guid> SubscribeAsync(IAlbaHost host, string admin, string url, string[] events, string? secret = null) =>
        (await host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url, events, secret }).ToUrl("/api/v1/webhooks");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<CreateWebhook.Response>().Id;

    /// <summary>Creates and activates a plan (another feature's use cases), which announces <c>plan.activated</c>.</summary>
    public static async Task<Guid> ActivatePlanAsync(IAlbaHost host, string admin, string plan)
    {
        var created = await host.Scenario(s =>
        {
            s.As(admin).Post.Text(plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = created.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await host.Scenario(s => s.As(admin).Post.Json(new { effectiveFrom = "2026-11-01" }).ToUrl($"/api/v1/plans/{id}/activate"));
        return id;
    }
}
