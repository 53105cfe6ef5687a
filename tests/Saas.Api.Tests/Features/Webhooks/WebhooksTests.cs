using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Webhooks;

public class WebhooksTests(LiveKestrelFixture fixture) : IClassFixture<LiveKestrelFixture>
{
    private const string Secret = "a-receivers-secret-of-32-characters";

    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":1}]}]}
        """;

    private static async Task<Guid> SubscribeAsync(HttpClient admin, string url, params string[] events) =>
        (await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events, secret = Secret }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<Guid> ActivatePlanAsync(HttpClient admin)
    {
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(Plan))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);
        return plan;
    }

    private static async Task<JsonElement> DeliveriesAsync(HttpClient admin, Guid subscription) =>
        (await (await admin.GetAsync($"/api/v1/webhooks/{subscription}/deliveries")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items");

    private static async Task<JsonElement> WaitForDeliveryAsync(HttpClient admin, Guid subscription, string status)
    {
        for (var i = 0; i < 150; i++)
        {
            var items = await DeliveriesAsync(admin, subscription);
            if (items.GetArrayLength() > 0 && items[0].GetProperty("status").GetString() == status)
                return items[0];
            await Task.Delay(100);
        }
        throw new TimeoutException($"No delivery reached '{status}' in 15 s.");
    }

    [Fact]
    public async Task A_subscription_is_created_with_its_secret_once_then_listed_changed_and_deleted_and_other_tenants_cannot_see_it()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example.com/saas", events = new[] { "sla.breached" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString());
        var read = await (await admin.GetAsync($"/api/v1/webhooks/{id}")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal("https://hooks.example.com/saas", read.GetProperty("url").GetString());
        var list = await (await admin.GetAsync("/api/v1/webhooks")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.DoesNotContain("whsec_", list.GetRawText());
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.Database.OwnerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"select secret from webhook_subscriptions where id = '{id}'", connection);
            var stored = (string)(await command.ExecuteScalarAsync())!;
            Assert.DoesNotContain(created.GetProperty("secret").GetString()!, stored);
        }

        var paused = await (await admin.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { active = false, events = new[] { "sla.breached", "plan.activated" } }))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal((false, 2), (paused.GetProperty("active").GetBoolean(), paused.GetProperty("events").GetArrayLength()));

        var invalid = await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "hooks", events = new[] { "deal.won" }, secret = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["events", "secret", "url"], invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());

        using var stranger = fixture.Api.Client(await fixture.CreateTenantAsync());
        await (await stranger.GetAsync($"/api/v1/webhooks/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/webhooks/{id}/deliveries")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { active = true })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/v1/webhooks/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await stranger.GetAsync("/api/v1/webhooks")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());

        using var manager = fixture.Api.Client(await fixture.CreateTenantAsync(), role: "manager");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/v1/webhooks")).StatusCode);

        await (await admin.DeleteAsync($"/api/v1/webhooks/{id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"/api/v1/webhooks/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_plan_activation_reaches_its_subscribers_signed_with_their_secret_and_no_one_else()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
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
        Assert.Equal((1, 200, "plan.activated"), (delivery.GetProperty("attempts").GetInt32(),
            delivery.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32(), delivery.GetProperty("eventType").GetString()));
        Assert.Equal(0, (await DeliveriesAsync(admin, elsewhere)).GetArrayLength());
        await Task.Delay(500);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_delays_until_it_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = n => n < 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent;
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
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
        Assert.Equal([500, 500, 204], delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_delivery_that_never_succeeds_is_marked_failed_when_its_retry_window_ends_and_is_not_sent_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => HttpStatusCode.ServiceUnavailable;
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var subscription = await SubscribeAsync(admin, receiver.Url, "plan.activated");
        await ActivatePlanAsync(admin);

        var failed = await WaitForDeliveryAsync(admin, subscription, "failed");
        var attempts = failed.GetProperty("attempts").GetInt32();
        Assert.InRange(attempts, 3, 6);
        Assert.Equal(503, failed.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(attempts, failed.GetProperty("attemptLog").GetArrayLength());
        await Task.Delay(1000);
        Assert.Equal(attempts, receiver.Requests.Count);

        var onlyFailed = await (await admin.GetAsync($"/api/v1/webhooks/{subscription}/deliveries?status=failed")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, onlyFailed.GetProperty("items").GetArrayLength());
        await (await admin.GetAsync($"/api/v1/webhooks/{subscription}/deliveries?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_slow_receiver_with_a_backlog_does_not_hold_up_other_subscribers()
    {
        // Twenty deliveries to a receiver that takes 3 s each: more than an instance's 16 slots.
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(3);
        using var busy = fixture.Api.Client(await fixture.CreateTenantAsync());
        await SubscribeAsync(busy, slow.Url, "plan.activated");
        for (var i = 0; i < 20; i++)
            await ActivatePlanAsync(busy);
        await slow.WaitForAsync(r => r.Count >= 1);

        await using var fast = await WebhookReceiver.StartAsync();
        using var other = fixture.Api.Client(await fixture.CreateTenantAsync());
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
        using var admin = fixture.Api.Client(tenant);
        var subscription = await SubscribeAsync(admin, "http://127.0.0.1:9/hook", "sla.breached");
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
                ('{{tenant}}', 'waiting', now() - interval '20 days', null, false);
            """);

        var services = fixture.Api.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        await services.OfType<Saas.Api.Features.Webhooks.WebhookDispatcher>().Single().PurgeHistoryAsync(CancellationToken.None);
        await services.OfType<Saas.Api.Features.Sla.SlaWatch>().Single().PurgeAsync(CancellationToken.None);

        var deliveries = (await DeliveriesAsync(admin, subscription)).EnumerateArray().Select(d => d.GetProperty("id").GetGuid().ToString()[^2..]).ToList();
        Assert.Equal(["d3", "d2"], deliveries);
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
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        // A port nobody listens on.
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var subscription = await SubscribeAsync(admin, $"http://127.0.0.1:{port}/hook", "plan.activated");
        await ActivatePlanAsync(admin);
        var failed = await WaitForDeliveryAsync(admin, subscription, "failed");
        var first = failed.GetProperty("attemptLog")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("statusCode").ValueKind);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_statement_approval_is_announced_to_subscribers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        await SubscribeAsync(admin, receiver.Url, "statement.approved");
        var anna = (await (await admin.PostAsJsonAsync("/api/v1/employees", new { fullName = "Анна", role = "sales_manager", baseSalary = 100_000m }))
            .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await ActivatePlanAsync(admin);
        await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new
        {
            events = new object[]
            {
                new { source = "amocrm", externalId = "w1", type = "deal.won", occurredAt = "2026-11-10T12:00:00+03:00", leadId = "L1", dealId = "D1",
                    amount = 500_000m, currency = "RUB", employeeId = anna },
            },
        })).AssertStatusAsync(HttpStatusCode.OK);
        var started = await admin.PostAsync("/api/v1/periods/2026-11/calculations", null);
        await started.AssertStatusAsync(HttpStatusCode.Accepted);
        for (var i = 0; i < 150 && (await (await admin.GetAsync(started.Headers.Location!.OriginalString)).AssertStatusAsync(HttpStatusCode.OK))
                 .GetProperty("status").GetString() is not "succeeded"; i++)
            await Task.Delay(200);
        var statement = (await (await admin.GetAsync("/api/v1/statements?period=2026-11")).AssertStatusAsync(HttpStatusCode.OK))
            .GetProperty("items")[0].GetProperty("id").GetGuid();
        await (await admin.PostAsync($"/api/v1/statements/{statement}/approve", null)).AssertStatusAsync(HttpStatusCode.OK);

        var data = (await receiver.WaitForAsync(r => r.Count >= 1)).Single().Json.GetProperty("data");
        // 30 000 × 500 000 / 1 000 000 = 15 000.
        Assert.Equal((statement, anna, "2026-11", 15_000m, "RUB"), (data.GetProperty("statementId").GetGuid(), data.GetProperty("employeeId").GetGuid(),
            data.GetProperty("period").GetString(), data.GetProperty("total").GetDecimal(), data.GetProperty("currency").GetString()));
    }
}

/// <summary>Where deliveries may go, with the production defaults (no development flags).</summary>
public class WebhookTargetTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
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
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var problem = await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "sla.breached" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("url")[0].GetString());
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
        Assert.Equal(allowed, Saas.Api.Features.Webhooks.WebhookTargets.IsAllowed(IPAddress.Parse(address), new()));

    [Fact]
    public async Task A_public_https_target_is_accepted()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example.com/saas", events = new[] { "plan.activated" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_target_that_reaches_a_private_address_anyway_is_refused_at_connection()
    {
        // A URL that passed the checks when saved but resolves to loopback when delivering (DNS rebinding), written
        // straight into the database: the connection is refused and the receiver sees nothing.
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Api.Client(tenant);
        var id = Guid.CreateVersion7();
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var secret = fixture.Api.Services.GetRequiredService<Saas.Api.Features.Webhooks.WebhookSecrets>().Protect("a-secret-of-at-least-24-characters");
        await fixture.Database.ExecuteAsOwnerAsync($"""
            insert into webhook_subscriptions (tenant_id, id, url, events, secret)
            values ('{tenant}', '{id}', '{url}', array['plan.activated'], '{secret}')
            """);
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json("""
            {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
             "components":[{"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":1}]}]}
            """))).AssertStatusAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" })).AssertStatusAsync(HttpStatusCode.OK);

        JsonElement delivery = default;
        for (var i = 0; i < 100 && (delivery.ValueKind == JsonValueKind.Undefined || delivery.GetProperty("attempts").GetInt32() == 0); i++)
        {
            await Task.Delay(100);
            var items = (await (await admin.GetAsync($"/api/v1/webhooks/{id}/deliveries")).AssertStatusAsync(HttpStatusCode.OK)).GetProperty("items");
            if (items.GetArrayLength() > 0 && items[0].GetProperty("attemptLog").GetArrayLength() > 0)
                delivery = items[0];
        }
        Assert.NotEqual(JsonValueKind.Undefined, delivery.ValueKind);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("attemptLog")[0].GetProperty("statusCode").ValueKind);
        Assert.Empty(receiver.Requests);
    }
}
