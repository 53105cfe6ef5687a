namespace Saas.Api.Features.Plans.ActivatePlan;

/// <summary>What <c>plan.activated</c> carries.</summary>
public sealed record PlanActivated(Guid PlanId, string Name, DateOnly EffectiveFrom, IReadOnlyList<string> Periods, IReadOnlyList<Superseded> Superseded);
