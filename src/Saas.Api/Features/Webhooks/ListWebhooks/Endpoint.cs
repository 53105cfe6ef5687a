using FastEndpoints;
using Mapster;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.ListWebhooks;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<WebhookResponse>>
{
    public override void Configure()
    {
        Get("");
        Group<WebhooksGroup>();
        Description(route => route.WithName("ListWebhooks"));
        Summary(summary => summary.Summary = "List webhook subscriptions");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var subscriptions = work.Documents.Query<WebhookSubscription>().AsQueryable();
        if (page.After is { } after)
            subscriptions = subscriptions.Where(s => s.Id > after);
        var rows = await subscriptions.OrderBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        await Send.OkAsync(new Page<WebhookResponse>(rows.Take(page.Limit).Select(s => s.Adapt<WebhookResponse>()).ToList(),
            page.NextCursor(rows, s => s.Id)), cancellationToken);
    }
}
