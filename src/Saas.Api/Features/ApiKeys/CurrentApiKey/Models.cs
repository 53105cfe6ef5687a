namespace Saas.Api.Features.ApiKeys.CurrentApiKey;

/// <summary>The key that made the request, what it may do, and whose it is.</summary>
public sealed record Response(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, Guid TenantId);
