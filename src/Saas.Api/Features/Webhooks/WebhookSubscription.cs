using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Webhooks;

/// <summary>A tenant's subscription of a URL to events, a Marten document (ADR 0012). Its deliveries are rows
/// (<c>webhook_deliveries</c>) that name it by id; deleting it deletes them in the same transaction.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    public required string Url { get; set; }

    public required string[] Events { get; set; }

    /// <summary>The HMAC key deliveries are signed with, encrypted with the data-protection keys (signing needs it back, so
    /// it is not hashed). Only the creation's answer shows it.</summary>
    public required string Secret { get; set; }

    public string? Description { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Webhook changes of one tenant take turns (a transaction-scoped lock), so the limit on their number holds
    /// and two changes of one subscription do not overwrite each other.</summary>
    public static Task LockTenantsWebhooksAsync(UnitOfWork work) =>
        work.LockAsync($"webhooks:{work.TenantId}");
}
