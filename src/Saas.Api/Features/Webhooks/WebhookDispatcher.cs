using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Webhooks;

/// <summary>Sends due webhook deliveries on every instance. A batch is claimed with a lease in one short transaction
/// (<c>claim_webhook_deliveries</c>, <c>FOR UPDATE SKIP LOCKED</c>), sent outside any transaction, and each outcome is
/// recorded as its tenant: an attempt row, and the delivery succeeded, failed (its retry window is over) or pending
/// again after an exponential back-off.</summary>
public sealed partial class WebhookDispatcher(PlatformDb platform, IHttpClientFactory clients, IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "webhooks";
    private const int BatchSize = 20;
    private const int MaxErrorLength = 500;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private sealed record Claimed(Guid TenantId, Guid DeliveryId, int Attempt, DateTimeOffset CreatedAt, string Url, string Secret, Guid EventId,
        string EventType, string Payload, DateTimeOffset OccurredAt);

    private sealed record Outcome(int? StatusCode, string? Error, DateTimeOffset AttemptedAt, int DurationMs)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // The lease outlives a request with its connection, so an instance that is alive never loses a claimed delivery.
        var leaseSeconds = (int)Math.Ceiling((settings.RequestTimeout * 2).TotalSeconds) + 10;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = new List<Claimed>();
            try
            {
                await using (var work = await platform.BeginAsync(stoppingToken))
                {
                    claimed = (await work.QueryAsync<Claimed>("""
                        select tenant_id, delivery_id, attempt, created_at, url, secret, event_id, event_type, payload, occurred_at
                        from claim_webhook_deliveries(@BatchSize, @leaseSeconds)
                        """, new { BatchSize, leaseSeconds })).ToList();
                    await work.CommitAsync();
                }
                await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, settings, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be down for a moment; claimed deliveries are claimed again when their lease ends.
                LogDispatchFailed(logger, e);
            }
            if (claimed.Count == BatchSize)
                continue;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            idle.CancelAfter(settings.PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(Claimed delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        var outcome = await SendAsync(delivery, stoppingToken);
        var retryDelay = WebhookRetry.DelayAfter(delivery.Attempt, settings.FirstRetryDelay, settings.MaxRetryDelay);
        var status = outcome.Succeeded ? "succeeded"
            : outcome.AttemptedAt + retryDelay > delivery.CreatedAt + settings.RetryWindow ? "failed"
            : "pending";
        await using var work = await platform.BeginForTenantAsync(delivery.TenantId, stoppingToken);
        // Only the holder of this attempt records it: a delivery claimed again after its lease ended has a higher count.
        await work.ExecuteAsync("""
            insert into webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, duration_ms, status_code, error)
            values (@TenantId, @DeliveryId, @Attempt, @AttemptedAt, @DurationMs, @StatusCode, @Error)
            on conflict do nothing;
            update webhook_deliveries
            set status = @status, next_attempt_at = now() + make_interval(secs => @retrySeconds), lease_until = null,
                last_status_code = @StatusCode, last_error = @Error, completed_at = case when @status = 'pending' then null else now() end
            where tenant_id = @TenantId and id = @DeliveryId and attempts = @Attempt and status = 'pending';
            """, new
        {
            work.TenantId,
            delivery.DeliveryId,
            delivery.Attempt,
            outcome.AttemptedAt,
            outcome.DurationMs,
            outcome.StatusCode,
            outcome.Error,
            status,
            retrySeconds = retryDelay.TotalSeconds,
        });
        await work.CommitAsync();
        if (status == "failed")
            LogDeliveryFailed(logger, delivery.DeliveryId, delivery.Attempt);
    }

    private async Task<Outcome> SendAsync(Claimed delivery, CancellationToken stoppingToken)
    {
        var body = Envelope(delivery);
        var attemptedAt = DateTimeOffset.UtcNow;
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Webhook-Id", delivery.EventId.ToString());
        request.Headers.Add("Webhook-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Webhook-Signature", WebhookSignature.Sign(delivery.Secret, timestamp, body));
        request.Headers.Add("Webhook-Attempt", delivery.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            var code = (int)response.StatusCode;
            return new Outcome(code, response.IsSuccessStatusCode ? null : $"The receiver answered {code}.", attemptedAt, Elapsed(watch));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            var error = e is TaskCanceledException ? "The receiver did not answer in time." : e.Message;
            return new Outcome(null, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error, attemptedAt, Elapsed(watch));
        }
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(watch.ElapsedMilliseconds, int.MaxValue);

    /// <summary>The body: <c>{ id, type, occurredAt, tenantId, data }</c>; <c>id</c> is the same for every attempt and
    /// every subscriber, for de-duplication.</summary>
    private static byte[] Envelope(Claimed delivery)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", delivery.EventId);
            writer.WriteString("type", delivery.EventType);
            writer.WriteString("occurredAt", delivery.OccurredAt.ToUniversalTime());
            writer.WriteString("tenantId", delivery.TenantId);
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
