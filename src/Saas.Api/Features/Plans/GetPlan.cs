using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans;

public static class GetPlan
{
    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PlanRow>(
            $"select {PlanRow.Columns} from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
            return Problems.NotFound("plan", id);

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
