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
        var rows = (await db.QueryAsync(new SummaryPage
        {
            After = page.After ?? Guid.Empty,
            Statuses = request.Status is { } status ? [status] : Plan.Statuses,
            Take = page.Limit + 1,
        }, cancellationToken)).ToList();

        await Send.OkAsync(new Page<PlanSummary>(rows.Take(page.Limit).ToList(), page.NextCursor(rows, p => p.Id)), cancellationToken);
    }
}
