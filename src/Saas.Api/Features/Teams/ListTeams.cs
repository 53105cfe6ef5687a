using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class ListTeams
{
    public static async Task<Results<Ok<Page<TeamResponse>>, ProblemHttpResult>> Handle(
        TenantDb db, CancellationToken cancellationToken, int? limit = null, string? cursor = null, string? department = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        if (department is not null && !Departments.IsKnown(department))
            return Problems.Validation("department", "'department' " + Departments.Rule, "Must");

        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<TeamRow>($"""
            select {TeamRow.Columns} from teams
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@department::text is null or department = @department)
            order by id
            limit @Take
            """, new { work.TenantId, page.After, department, Take = page.Limit + 1 })).ToList();

        var items = rows.Take(page.Limit).ToList();
        var positions = await Positions.LoadAsync(work, items.Select(r => r.Id).ToList());
        return TypedResults.Ok(new Page<TeamResponse>(items.Select(r => r.ToResponse(positions)).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}
