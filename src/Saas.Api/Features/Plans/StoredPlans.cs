using System.Security.Claims;
using System.Text.Json;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

public static class StoredPlans
{
    /// <summary>A new draft with its first revision, however the document came about (written, generated, copied, reviewed);
    /// stored when the unit of work commits.</summary>
    public static Plan InsertDraft(UnitOfWork work, PlanDocument document, string source, JsonElement? generation, ClaimsPrincipal user)
    {
        var now = DateTimeOffset.UtcNow;
        var plan = new Plan { Id = Guid.CreateVersion7(), Source = source, Generation = generation, CreatedAt = now, UpdatedAt = now };
        plan.WriteDocument(document);
        work.Documents.Insert(plan);
        PlanBodies.RecordRevision(work, plan, 1, user);
        return plan;
    }
}
