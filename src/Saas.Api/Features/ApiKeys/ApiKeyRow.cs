using Mapster;

namespace Saas.Api.Features.ApiKeys;

/// <summary>A row of <c>api_keys</c> without its hash.</summary>
public sealed record ApiKeyRow
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required string[] Scopes { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    public const string Columns = "id, name, prefix, scopes, created_at, last_used_at, revoked_at";

    public ApiKeyResponse ToResponse() => this.Adapt<ApiKeyResponse>();
}
