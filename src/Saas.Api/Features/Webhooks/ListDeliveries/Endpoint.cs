using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.ListDeliveries;

/// <summary>The delivery log of a subscription, newest first: each event sent (or being retried) with its every attempt.
/// The folder keeps the use case's former name, <c>ListDeliveries</c>, because the schema ids of its answer
/// (<c>ListDeliveriesDelivery</c>) are built from it and are part of the contract.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<Delivery>>
{
    private sealed record DeliveryRow(Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, string? LastError);

    private sealed record AttemptRow(Guid DeliveryId, int Attempt, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error);

    public override void Configure()
    {
        Get("{id:guid}/deliveries");
        Group<WebhooksGroup>();
        Description(route => route.WithName("ListWebhookDeliveries"));
        Summary(summary => summary.Summary = "List a webhook's deliveries with every attempt");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        if (await work.Documents.LoadAsync<WebhookSubscription>(request.Id, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", request.Id));
            return;
        }
        var rows = (await work.QueryAsync<DeliveryRow>("""
            select d.id, d.event_id, e.type as event_type, d.status, d.attempts, d.created_at, d.next_attempt_at, d.completed_at,
                   d.last_status_code, d.last_error
            from webhook_deliveries d join outbox_events e on e.tenant_id = d.tenant_id and e.id = d.event_id
            where d.tenant_id = @TenantId and d.subscription_id = @Id and (@Status::text is null or d.status = @Status)
              and (@After::uuid is null or d.id < @After)
            order by d.id desc limit @Take
            """, new { work.TenantId, request.Id, request.Status, page.After, Take = page.Limit + 1 })).ToList();
        var shown = rows.Take(page.Limit).ToList();
        var attempts = (await work.QueryAsync<AttemptRow>("""
            select delivery_id, attempt, attempted_at, duration_ms, status_code, error from webhook_attempts
            where tenant_id = @TenantId and delivery_id = any(@ids) order by delivery_id, attempt
            """, new { work.TenantId, ids = shown.Select(r => r.Id).ToArray() })).ToLookup(a => a.DeliveryId);
        var items = shown.Select(r => new Delivery(r.Id, r.EventId, r.EventType, r.Status, r.Attempts, r.CreatedAt,
                r.Status == "pending" ? r.NextAttemptAt : null, r.CompletedAt, r.LastStatusCode, r.LastError,
                attempts[r.Id].Select(a => new Attempt(a.Attempt, a.AttemptedAt, a.DurationMs, a.StatusCode, a.Error)).ToList()))
            .ToList();
        await Send.OkAsync(new Page<Delivery>(items, page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
