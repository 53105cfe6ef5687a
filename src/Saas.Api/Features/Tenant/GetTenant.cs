using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Tenant;

public static class GetTenant
{
    public static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Handle(TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<TenantRow>(TenantRow.Query, new { work.TenantId });
        if (row is null)
            return Problems.NotFound("tenant", work.TenantId);
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
