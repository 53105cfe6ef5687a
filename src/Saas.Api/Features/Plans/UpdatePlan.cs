using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary><c>PUT</c> a whole plan document over a draft. Active and retired plans are frozen: statements were
/// computed from them.</summary>
public static class UpdatePlan
{
    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Handle(
        Guid id, HttpRequest request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();
        var document = await PlanBodies.ReadAsync(request, cancellationToken);
        if (PlanBodies.Check(document) is { } problem)
            return problem;

        var json = PlanJson.Serialize(document);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PlanRow>($"""
            update plans set name = @name, document = @json::jsonb, version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id and status = 'draft' and (@expectedVersion::int is null or version = @expectedVersion)
            returning {PlanRow.Columns}
            """, new { work.TenantId, id, expectedVersion, name = document.Name.Trim(), json });
        if (row is null)
            return await PlanBodies.MissingOrChangedAsync(work, id, expectedVersion);
        await PlanBodies.RecordRevisionAsync(work, row.Id, row.Version, json, http);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}

public static class DeletePlan
{
    /// <summary>Only a draft can be deleted; an active plan is retired by activating its successor.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        var deleted = await work.ExecuteAsync("""
            delete from plans
            where tenant_id = @TenantId and id = @id and status = 'draft' and (@expectedVersion::int is null or version = @expectedVersion)
            """, new { work.TenantId, id, expectedVersion });
        if (deleted == 0)
            return await PlanBodies.MissingOrChangedAsync(work, id, expectedVersion);
        await work.CommitAsync();
        return TypedResults.NoContent();
    }
}

public static class CopyPlan
{
    /// <summary>A new draft with the same document: how an active plan gets its next version.</summary>
    public static async Task<Results<Created<PlanResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var source = await work.QuerySingleOrDefaultAsync<PlanRow>(
            $"select {PlanRow.Columns} from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (source is null)
            return Problems.NotFound("plan", id);
        var row = await StoredPlans.InsertDraftAsync(work, source.ReadDocument(), source.Source, source.Generation, http);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/plans/{row.Id}", row.ToResponse());
    }
}
