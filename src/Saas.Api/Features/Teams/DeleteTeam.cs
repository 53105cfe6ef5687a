using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class DeleteTeam
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        int deleted;
        try
        {
            deleted = await work.ExecuteAsync("""
                delete from teams
                where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
                """, new { work.TenantId, id, expectedVersion });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Problems.Conflict("The team still has employees, current or former; move them to another team first.");
        }
        if (deleted == 0)
            return await work.ExecuteScalarAsync<int?>("select version from teams where tenant_id = @TenantId and id = @id", new { work.TenantId, id })
                is { } currentVersion
                ? Problems.PreconditionFailed(currentVersion)
                : Problems.NotFound("team", id);
        await work.CommitAsync();
        return TypedResults.NoContent();
    }
}
