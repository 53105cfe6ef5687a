namespace Saas.Api.Features.Actuals;

/// <summary>A person credited with a deal: with a <see cref="Share"/> in <c>splits</c> (shares sum to 1), without one in
/// <c>overlays</c> (credited in addition, reducing nobody).</summary>
public sealed record CreditInput(Guid? EmployeeId, string? EmployeeExternalId, decimal? Share);
