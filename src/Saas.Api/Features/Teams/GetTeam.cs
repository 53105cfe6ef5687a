using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class GetTeam
{
    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<TeamRow>(
            $"select {TeamRow.Columns} from teams where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
            return Problems.NotFound("team", id);

        var positions = await Positions.LoadAsync(work, [row.Id]);

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(positions));
    }
}
