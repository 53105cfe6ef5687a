using FastEndpoints;
using Marten;
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
        var query = work.Documents.Query<Plan>().AsQueryable();
        if (page.After is { } after)
            query = query.Where(p => p.Id > after);
        if (request.Status is { } status)
            query = query.Where(p => p.Status == status);
        // Only what a summary shows is read: a plan's document and the generator's explanation are most of its bytes.
        var rows = await query.OrderBy(p => p.Id).Take(page.Limit + 1)
            .Select(p => new PlanSummary(p.Id, p.Name, p.Status, p.Source, p.Periods, p.EffectiveFrom, p.EffectiveTo, p.Version, p.CreatedAt, p.UpdatedAt))
            .ToListAsync(cancellationToken);

        await Send.OkAsync(new Page<PlanSummary>(rows.Take(page.Limit).ToList(), page.NextCursor(rows, p => p.Id)), cancellationToken);
    }
}
