using System.Text.Json;
using Marten;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Webhooks;

/// <summary>The events a tenant can subscribe to.</summary>
public static class WebhookEvents
{
    public const string SlaBreached = "sla.breached";
    public const string StatementApproved = "statement.approved";
    public const string PlanActivated = "plan.activated";
    public const string ProgressMilestone = "progress.milestone";

    public static readonly string[] All = [SlaBreached, StatementApproved, PlanActivated, ProgressMilestone];
}

/// <summary>Announces a change to the tenant's webhook subscribers. Called inside the unit of work that makes the
/// change, so the event and its deliveries are stored if and only if the change is: nothing is sent for a change that
/// rolled back, and nothing is lost when an instance stops after committing. The dispatcher sends them later.</summary>
public static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task EnqueueAsync(UnitOfWork work, string type, object data) => EnqueueAsync(work, type, [data]);

    /// <summary>Several events of one type, with one look-up of the subscribers and one insert each.</summary>
    public static async Task EnqueueAsync<T>(UnitOfWork work, string type, IReadOnlyList<T> events) where T : notnull
    {
        if (events.Count == 0)
            return;
        var subscriptions = await SubscribersAsync(work, type);
        // Nobody listens: an event nobody will receive is not worth a row.
        if (subscriptions.Length == 0)
            return;
        var eventIds = events.Select(_ => Guid.CreateVersion7()).ToArray();
        var fanOut = eventIds.SelectMany(eventId => subscriptions.Select(subscription => (EventId: eventId, Subscription: subscription))).ToList();
        await work.ExecuteAsync("""
            insert into outbox_events (tenant_id, id, type, payload)
            select @TenantId, e.id, @type, e.payload::jsonb from unnest(@eventIds, @payloads) as e(id, payload);
            insert into webhook_deliveries (tenant_id, id, subscription_id, event_id)
            select @TenantId, d.id, d.subscription_id, d.event_id from unnest(@deliveries, @deliverySubscriptions, @deliveryEvents) as d(id, subscription_id, event_id);
            """, new
        {
            work.TenantId,
            type,
            eventIds,
            payloads = events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Json)).ToArray(),
            deliveries = fanOut.Select(_ => Guid.CreateVersion7()).ToArray(),
            deliverySubscriptions = fanOut.Select(d => d.Subscription).ToArray(),
            deliveryEvents = fanOut.Select(d => d.EventId).ToArray(),
        });
    }

    /// <summary>The active subscriptions to <paramref name="type"/>: none means an event of it need not even be computed.</summary>
    public static async Task<Guid[]> SubscribersAsync(UnitOfWork work, string type) =>
        (await work.Documents.Query<WebhookSubscription>().Where(s => s.Active && s.Events.Contains(type)).OrderBy(s => s.Id).Select(s => s.Id)
            .ToListAsync()).ToArray();
}
