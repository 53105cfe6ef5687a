using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

public static class ListUsers
{
    public static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> Handle(TenantDb db, CancellationToken cancellationToken,
        int? limit = null, string? cursor = null, string? role = null, string? status = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        if (role is not null && !UserRoles.All.Contains(role))
            return Problems.Validation("role", "'role' must be one of admin, manager, employee.", "Must");
        if (status is not null && status is not ("invited" or "active" or "deactivated"))
            return Problems.Validation("status", "'status' must be one of invited, active, deactivated.", "Must");

        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<UserRow>($"""
            select {UserRow.Columns} from users
            where tenant_id = @TenantId and (@After::uuid is null or id > @After)
              and (@role::text is null or role = @role) and (@status::text is null or status = @status)
            order by id limit @Take
            """, new { work.TenantId, page.After, role, status, Take = page.Limit + 1 })).ToList();
        return TypedResults.Ok(new Page<UserResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}

public static class GetUser
{
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<UserRow>($"select {UserRow.Columns} from users where tenant_id = @TenantId and id = @id",
            new { work.TenantId, id });
        if (row is null)
            return Problems.NotFound("user", id);
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
