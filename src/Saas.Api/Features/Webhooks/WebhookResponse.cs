using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Webhooks;

/// <summary>A subscription as the API shows it: never with its secret, which only the creation's answer carries.</summary>
public sealed record WebhookResponse(Guid Id, string Url, [property: DocumentedValues(typeof(WebhookEvents))] IReadOnlyList<string> Events, string? Description, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
