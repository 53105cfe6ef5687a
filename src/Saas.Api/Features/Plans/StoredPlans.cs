using System.Security.Claims;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

public static class StoredPlans
{
    /// <summary>A new draft with its first revision, however the document came about (written, generated, copied, reviewed).</summary>
    public static async Task<PlanRow> InsertDraftAsync(UnitOfWork work, PlanDocument document, string source, string? generation, ClaimsPrincipal user)
    {
        var json = PlanJson.Serialize(document);
        var row = await work.QuerySingleAsync<PlanRow>($"""
            insert into plans (tenant_id, id, name, document, source, generation)
            values (@TenantId, @id, @name, @json::jsonb, @source, @generation::jsonb)
            returning {PlanRow.Columns}
            """, new { work.TenantId, id = Guid.CreateVersion7(), name = document.Name.Trim(), json, source, generation });
        await PlanBodies.RecordRevisionAsync(work, row.Id, row.Version, json, user);
        return row;
    }
}
