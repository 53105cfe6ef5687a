using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>What the operations that write a plan document share: its rules, its revisions, and why a draft could not change.</summary>
public static class PlanBodies
{
    /// <summary>The plan validator's errors as a validation problem (field paths and rule codes), or null when valid.</summary>
    public static ProblemHttpResult? Check(PlanDocument document)
    {
        var errors = PlanValidator.Validate(document);
        if (errors.Count == 0)
            return null;
        return Problems.Validation(
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray()));
    }

    public static async Task RecordRevisionAsync(UnitOfWork work, Guid planId, int version, string document, ClaimsPrincipal user) =>
        await work.ExecuteAsync("""
            insert into plan_revisions (tenant_id, plan_id, version, document, changed_by)
            values (@TenantId, @planId, @version, @document::jsonb, @changedBy)
            """, new { work.TenantId, planId, version, document, changedBy = user.Identity?.Name });

    public static async Task<ProblemHttpResult> MissingOrChangedAsync(UnitOfWork work, Guid id, int? expectedVersion)
    {
        var current = await work.QuerySingleOrDefaultAsync<(int Version, string Status)?>(
            "select version, status from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        return current switch
        {
            null => Problems.NotFound("plan", id),
            { Status: not "draft" } => Problems.Conflict($"The plan is {current.Value.Status}; only a draft can change. Copy it into a new draft instead."),
            _ when expectedVersion is not null && expectedVersion != current.Value.Version => Problems.PreconditionFailed(current.Value.Version),
            _ => Problems.Conflict("The plan changed while this request ran; read it again and retry."),
        };
    }
}
