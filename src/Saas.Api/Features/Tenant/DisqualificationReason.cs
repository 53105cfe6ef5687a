namespace Saas.Api.Features.Tenant;

/// <summary>Why a lead was disqualified, as the tenant's catalogue names it.</summary>
public sealed record DisqualificationReason(string Code, string Name);
