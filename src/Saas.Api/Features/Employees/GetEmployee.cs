using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

public static class GetEmployee
{
    public static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>(
            $"select {EmployeeRow.Columns} from employees where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
            return Problems.NotFound("employee", id);
        var externalIds = await ExternalIds.LoadAsync(work, [row.Id]);

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(ExternalIds.For(externalIds, row.Id)));
    }
}
