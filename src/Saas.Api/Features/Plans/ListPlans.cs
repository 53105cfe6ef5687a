using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans;

public static class ListPlans
{
    private static readonly string[] Statuses = ["draft", "active", "retired"];

    public static async Task<Results<Ok<Page<PlanSummary>>, ProblemHttpResult>> Handle(
        TenantDb db, CancellationToken cancellationToken, int? limit = null, string? cursor = null, string? status = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        if (status is not null && !Statuses.Contains(status))
            return Problems.Validation("status", "'status' must be one of draft, active, retired.", "Must");

        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<PlanSummaryRow>($"""
            select {PlanSummaryRow.Columns} from plans
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@status::text is null or status = @status)
            order by id
            limit @Take
            """, new { work.TenantId, page.After, status, Take = page.Limit + 1 })).ToList();

        return TypedResults.Ok(new Page<PlanSummary>(rows.Take(page.Limit).Select(r => r.ToSummary()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}
