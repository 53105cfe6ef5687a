namespace Saas.Api.Features.Webhooks;

/// <summary>A row of <c>webhook_subscriptions</c>, without its secret.</summary>
public sealed record WebhookRow
{
    public Guid Id { get; init; }
    public required string Url { get; init; }
    public required string[] Events { get; init; }
    public string? Description { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Columns = "id, url, events, description, active, created_at, updated_at";
}
