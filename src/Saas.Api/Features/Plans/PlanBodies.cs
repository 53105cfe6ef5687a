using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>What the operations that write a plan document share: its rules, its revisions, and why a draft could not change.</summary>
public static class PlanBodies
{
    /// <summary>The plan validator's errors as a validation problem (field paths and rule codes), or null when valid; deal rules
    /// are checked against the tenant's deal attributes.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(UnitOfWork work, PlanDocument document)
    {
        var errors = PlanValidator.Validate(document, (await TenantSettings.LoadAsync(work)).KnownDealAttributes);
        if (errors.Count == 0)
            return null;
        return Problems.Validation(
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray()));
    }

    /// <summary>Keeps the plan's document as this change leaves it, as the given version, changed when the plan was updated.</summary>
    public static void RecordRevision(UnitOfWork work, Plan plan, int version, ClaimsPrincipal user) =>
        work.Documents.Insert(new PlanRevision
        {
            Id = Guid.CreateVersion7(),
            PlanId = plan.Id,
            Version = version,
            Document = plan.Document,
            ChangedBy = user.Identity?.Name,
            ChangedAt = plan.UpdatedAt,
        });

    /// <summary>Why a plan cannot change as a draft: it is not there, no longer a draft, or not the version the client read.</summary>
    public static ProblemHttpResult? CannotChange(Plan? plan, Guid id, HttpContext http) => plan switch
    {
        null => Problems.NotFound("plan", id),
        { Status: not Plan.Draft } => Problems.Conflict($"The plan is {plan.Status}; only a draft can change. Copy it into a new draft instead."),
        _ => IfMatchVersion.Stale(http, plan.Version),
    };
}
