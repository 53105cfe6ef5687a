using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Plans;

/// <summary>A plan in a list: what it is and when it applies, without its document.</summary>
public sealed record PlanSummary(
    Guid Id,
    string Name,
    [property: DocumentedValues("draft", "active", "retired")] string Status,
    string Source,
    IReadOnlyList<string> Periods,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
