using Saas.Engine.Assistant;
using Saas.Engine.Generation;

namespace Saas.Api.Features.Plans.GeneratePlan;

/// <summary>What is kept next to a generated plan (its <c>generation</c>): the assistant's reading of the text (when
/// there was one) and the generator's explanation.</summary>
public sealed record Explanation(
    TeamAndGoals? Understood,
    IReadOnlyList<RoleProposal> Roles,
    FunnelPlan Funnel,
    IReadOnlyList<SmartCheck> Smart,
    CostEstimate Cost,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<GenerationWarning> Warnings);
