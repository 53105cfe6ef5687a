using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans.ListPlans;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<PlanSummary>>
{
    public override void Configure()
    {
        Get("");
        Group<PlansGroup>();
        Description(route => route.WithName("ListPlans"));
        Summary(summary => summary.Summary = "List plans, filtered by status");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<PlanSummaryRow>($"""
            select {PlanSummaryRow.Columns} from plans
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@status::text is null or status = @status)
            order by id
            limit @Take
            """, new { work.TenantId, page.After, status = request.Status, Take = page.Limit + 1 })).ToList();

        await Send.OkAsync(new Page<PlanSummary>(rows.Take(page.Limit).Select(r => r.ToSummary()).ToList(), page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
