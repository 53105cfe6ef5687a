using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Infrastructure.Workers;

namespace Saas.Api.Features.Webhooks;

/// <summary>Sends due webhook deliveries on every instance. Deliveries are claimed with a one-minute lease
/// (<c>claim_webhook_deliveries</c>, <c>FOR UPDATE SKIP LOCKED</c>) as slots free up, so a slow receiver holds at most
/// the slots its own deliveries take; each is read and recorded as its tenant, and sent outside any transaction. The
/// outcome is an attempt row, and the delivery succeeded, pending again after an exponential back-off, or failed once
/// its retry window is over (the last attempt is made at the window's end).</summary>
public sealed partial class WebhookDispatcher(PlatformDb platform, IHttpClientFactory clients, IOptions<WebhookOptions> options,
    WebhookSecrets secrets, SaasMetrics metrics, WorkerHeartbeats heartbeats, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    /// <summary>Requests time out well inside the claim's one-minute lease, so a live instance never loses a delivery.</summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromSeconds(25);

    private const int Slots = 16;

    private readonly SemaphoreSlim _slots = new(Slots, Slots);

    // Requests time out (MaxRequestTimeout), so even with every slot taken the loop comes round within seconds.
    private readonly Heartbeat _heartbeat = heartbeats.Start("webhooks");

    private sealed record Claimed(Guid TenantId, Guid DeliveryId, int Attempt);

    private sealed record Delivery(Guid SubscriptionId, Guid EventId, string EventType, string Payload, DateTimeOffset OccurredAt);

    /// <summary>How an attempt ended: <paramref name="Error"/> is what the subscriber is told, <paramref name="ErrorType"/> the
    /// failure's kind for telemetry (the status code, or what went wrong with the request); both null when it succeeded.</summary>
    private sealed record Outcome(int? StatusCode, string? Error, string? ErrorType, DateTimeOffset AttemptedAt, int DurationMs)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }

    /// <summary>Finished deliveries and their events are kept 30 days (<c>purge_webhook_history</c>), purged hourly.</summary>
    public async Task PurgeHistoryAsync(CancellationToken cancellationToken)
    {
        await using var work = await platform.BeginAsync(cancellationToken);
        await work.QuerySingleAsync<int>("select purge_webhook_history()");
        await work.CommitAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var running = new List<Task>();
        var purgedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            _heartbeat.Beat();
            if (DateTimeOffset.UtcNow - purgedAt > TimeSpan.FromHours(1))
            {
                purgedAt = DateTimeOffset.UtcNow;
                try
                {
                    await PurgeHistoryAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogDispatchFailed(logger, e);
                }
            }
            int free;
            try
            {
                free = await TakeFreeSlotsAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            List<Claimed> claimed = [];
            try
            {
                await using var work = await platform.BeginAsync(stoppingToken);
                claimed = (await work.QueryAsync<Claimed>("select tenant_id, delivery_id, attempt from claim_webhook_deliveries(@free)", new { free }))
                    .ToList();
                await work.CommitAsync();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be down for a moment; deliveries claimed before a failed commit are claimed again
                // when their lease ends.
                LogDispatchFailed(logger, e);
                claimed = [];
            }
            catch (OperationCanceledException)
            {
                _slots.Release(free);
                break;
            }
            if (free > claimed.Count)
                _slots.Release(free - claimed.Count);
            running.RemoveAll(task => task.IsCompleted);
            running.AddRange(claimed.Select(delivery => RunAsync(delivery, settings, stoppingToken)));
            if (claimed.Count > 0)
                continue;
            try
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running);
    }

    /// <summary>Waits for a free slot and takes every other free one too.</summary>
    private async Task<int> TakeFreeSlotsAsync(CancellationToken stoppingToken)
    {
        await _slots.WaitAsync(stoppingToken);
        var free = 1;
        while (_slots.Wait(0))
            free++;
        return free;
    }

    private async Task RunAsync(Claimed claimed, WebhookOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(claimed, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Recording failed (the database); the lease ends and the delivery is tried again.
            LogDispatchFailed(logger, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task DeliverAsync(Claimed claimed, WebhookOptions settings, CancellationToken stoppingToken)
    {
        using var activity = SaasTraces.Source.StartActivity("webhook.deliver");
        activity?.SetTag(SaasTraces.TenantId, claimed.TenantId).SetTag("saas.webhook.delivery.id", claimed.DeliveryId)
            .SetTag("saas.webhook.attempt", claimed.Attempt);
        Delivery? delivery;
        WebhookSubscription? subscription = null;
        await using (var work = await platform.BeginForTenantAsync(claimed.TenantId, stoppingToken))
        {
            delivery = await work.QuerySingleOrDefaultAsync<Delivery>("""
                select d.subscription_id, e.id as event_id, e.type as event_type, e.payload::text as payload, e.occurred_at
                from webhook_deliveries d
                join outbox_events e on e.tenant_id = d.tenant_id and e.id = d.event_id
                where d.tenant_id = @TenantId and d.id = @DeliveryId and d.attempts = @Attempt and d.status = 'pending'
                """, new { work.TenantId, claimed.DeliveryId, claimed.Attempt });
            if (delivery is not null)
                subscription = await work.Documents.LoadAsync<WebhookSubscription>(delivery.SubscriptionId, stoppingToken);
        }
        // Deleted with its subscription, or taken over by another instance after the lease ended.
        if (delivery is null || subscription is null)
            return;

        activity?.SetTag("saas.webhook.event.type", delivery.EventType);
        var outcome = await SendAsync(claimed, subscription, delivery, stoppingToken);
        var retryDelay = WebhookRetry.DelayAfter(claimed.Attempt, settings.FirstRetryDelay, settings.MaxRetryDelay);
        await using var record = await platform.BeginForTenantAsync(claimed.TenantId, stoppingToken);
        // Only the holder of this attempt records it: a delivery claimed again after its lease ended has a higher count.
        var status = await record.QuerySingleOrDefaultAsync<string>("""
            with updated as (
                update webhook_deliveries d
                set status = case when @succeeded then 'succeeded'
                                  when now() >= d.created_at + make_interval(secs => @windowSeconds) then 'failed'
                                  else 'pending' end,
                    next_attempt_at = least(now() + make_interval(secs => @retrySeconds), d.created_at + make_interval(secs => @windowSeconds)),
                    lease_until = null, last_status_code = @StatusCode, last_error = @Error,
                    completed_at = case when @succeeded or now() >= d.created_at + make_interval(secs => @windowSeconds) then now() end
                where d.tenant_id = @TenantId and d.id = @DeliveryId and d.attempts = @Attempt and d.status = 'pending'
                returning d.id, d.status),
            logged as (
                insert into webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, duration_ms, status_code, error)
                select @TenantId, id, @Attempt, @AttemptedAt, @DurationMs, @StatusCode, @Error from updated)
            select status from updated
            """, new
        {
            record.TenantId,
            claimed.DeliveryId,
            claimed.Attempt,
            outcome.AttemptedAt,
            outcome.DurationMs,
            outcome.StatusCode,
            outcome.Error,
            succeeded = outcome.Succeeded,
            retrySeconds = retryDelay.TotalSeconds,
            windowSeconds = settings.RetryWindow.TotalSeconds,
        });
        await record.CommitAsync();
        // Only the holder of the attempt reports it (no status: another instance took the delivery over).
        if (status is null || outcome.ErrorType is not { } errorType)
            return;
        activity?.SetStatus(ActivityStatusCode.Error, outcome.Error).SetTag("error.type", errorType);
        metrics.WebhookAttemptFailed(errorType, status);
        if (status == "failed")
            LogDeliveryFailed(logger, claimed.DeliveryId, claimed.Attempt);
    }

    private async Task<Outcome> SendAsync(Claimed claimed, WebhookSubscription subscription, Delivery delivery, CancellationToken stoppingToken)
    {
        var body = Envelope(claimed.TenantId, delivery);
        var attemptedAt = DateTimeOffset.UtcNow;
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Webhook-Id", delivery.EventId.ToString());
        request.Headers.Add("Webhook-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Webhook-Signature", WebhookSignature.Sign(secrets.Unprotect(subscription.Secret), timestamp, body));
        request.Headers.Add("Webhook-Attempt", claimed.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return new Outcome(code, null, null, attemptedAt, Elapsed(watch));
            var errorType = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new Outcome(code, $"The receiver answered {code}.", errorType, attemptedAt, Elapsed(watch));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            // The kind of failure only: the resolver's and the socket's own messages would tell a subscriber about our network.
            var (error, errorType) = e is HttpRequestException failed
                ? ($"The request failed ({failed.HttpRequestError}).", failed.HttpRequestError.ToString())
                : ("The receiver did not answer in time.", "timeout");
            return new Outcome(null, error, errorType, attemptedAt, Elapsed(watch));
        }
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(watch.ElapsedMilliseconds, int.MaxValue);

    /// <summary>The body: <c>{ id, type, occurredAt, tenantId, data }</c>; <c>id</c> is the same for every attempt and
    /// every subscriber, for de-duplication.</summary>
    private static byte[] Envelope(Guid tenantId, Delivery delivery)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", delivery.EventId);
            writer.WriteString("type", delivery.EventType);
            writer.WriteString("occurredAt", delivery.OccurredAt.ToUniversalTime());
            writer.WriteString("tenantId", tenantId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(delivery.Payload, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dispatch webhook deliveries")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} failed for good after {Attempts} attempts")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid deliveryId, int attempts);
}
