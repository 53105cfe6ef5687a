using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A draft from a hand-written plan document, for companies that already know their scheme.</summary>
public static class CreatePlan
{
    public static async Task<Results<Created<PlanResponse>, ProblemHttpResult>> Handle(
        HttpRequest request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var document = await PlanBodies.ReadAsync(request, cancellationToken);
        if (PlanBodies.Check(document) is { } problem)
            return problem;

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await StoredPlans.InsertDraftAsync(work, document, "manual", generation: null, http);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/plans/{row.Id}", row.ToResponse());
    }
}

public static class StoredPlans
{
    public static async Task<PlanRow> InsertDraftAsync(UnitOfWork work, PlanDocument document, string source, string? generation, HttpContext http)
    {
        var json = PlanJson.Serialize(document);
        var row = await work.QuerySingleAsync<PlanRow>($"""
            insert into plans (tenant_id, id, name, document, source, generation)
            values (@TenantId, @id, @name, @json::jsonb, @source, @generation::jsonb)
            returning {PlanRow.Columns}
            """, new { work.TenantId, id = Guid.CreateVersion7(), name = document.Name.Trim(), json, source, generation });
        await PlanBodies.RecordRevisionAsync(work, row.Id, row.Version, json, http);
        return row;
    }
}
