using System.Text.Json;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A plan with its document. <see cref="Generation"/> is the assistant's explanation (KPIs per role with
/// rationale, funnel math, assumptions, bonus cost) when the plan was generated.</summary>
public sealed record PlanResponse(
    Guid Id,
    string Name,
    [property: DocumentedValues("draft", "active", "retired")] string Status,
    string Source,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ActivatedAt,
    PlanDocument Document,
    JsonElement? Generation);
