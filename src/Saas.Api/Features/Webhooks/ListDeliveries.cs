using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks;

/// <summary>The delivery log of a subscription, newest first: each event sent (or being retried) with its every attempt.</summary>
public static class ListDeliveries
{
    public sealed record Attempt(int Number, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error);

    public sealed record Delivery(Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, string? LastError, IReadOnlyList<Attempt> AttemptLog);

    private sealed record DeliveryRow(Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, string? LastError);

    private sealed record AttemptRow(Guid DeliveryId, int Attempt, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error);

    private static readonly string[] Statuses = ["pending", "succeeded", "failed"];

    public static async Task<Results<Ok<Page<Delivery>>, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken,
        string? status = null, int? limit = null, string? cursor = null)
    {
        if (status is not null && !Statuses.Contains(status))
            return Problems.Validation("status", "'status' must be one of " + string.Join(", ", Statuses) + ".", "Must");
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        await using var work = await db.BeginAsync(cancellationToken);
        if (!await work.QuerySingleAsync<bool>("select exists (select 1 from webhook_subscriptions where tenant_id = @TenantId and id = @id)",
                new { work.TenantId, id }))
            return Problems.NotFound("webhook", id);
        var rows = (await work.QueryAsync<DeliveryRow>("""
            select d.id, d.event_id, e.type as event_type, d.status, d.attempts, d.created_at, d.next_attempt_at, d.completed_at,
                   d.last_status_code, d.last_error
            from webhook_deliveries d join outbox_events e on e.tenant_id = d.tenant_id and e.id = d.event_id
            where d.tenant_id = @TenantId and d.subscription_id = @id and (@status::text is null or d.status = @status)
              and (@After::uuid is null or d.id < @After)
            order by d.id desc limit @Take
            """, new { work.TenantId, id, status, page.After, Take = page.Limit + 1 })).ToList();
        var shown = rows.Take(page.Limit).ToList();
        var attempts = (await work.QueryAsync<AttemptRow>("""
            select delivery_id, attempt, attempted_at, duration_ms, status_code, error from webhook_attempts
            where tenant_id = @TenantId and delivery_id = any(@ids) order by delivery_id, attempt
            """, new { work.TenantId, ids = shown.Select(r => r.Id).ToArray() })).ToLookup(a => a.DeliveryId);
        var items = shown.Select(r => new Delivery(r.Id, r.EventId, r.EventType, r.Status, r.Attempts, r.CreatedAt,
                r.Status == "pending" ? r.NextAttemptAt : null, r.CompletedAt, r.LastStatusCode, r.LastError,
                attempts[r.Id].Select(a => new Attempt(a.Attempt, a.AttemptedAt, a.DurationMs, a.StatusCode, a.Error)).ToList()))
            .ToList();
        return TypedResults.Ok(new Page<Delivery>(items, page.NextCursor(rows, r => r.Id)));
    }
}
