using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.ApiKeys;

/// <summary>A key as it is listed: its prefix, never the secret.</summary>
public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, [property: DocumentedValues("actuals:write", "actuals:read")] IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
