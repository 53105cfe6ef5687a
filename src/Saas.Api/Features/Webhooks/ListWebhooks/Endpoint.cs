using FastEndpoints;
using Mapster;
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
        var rows = (await work.QueryAsync<WebhookRow>($"""
            select {WebhookRow.Columns} from webhook_subscriptions
            where tenant_id = @TenantId and (@After::uuid is null or id > @After)
            order by id limit @Take
            """, new { work.TenantId, page.After, Take = page.Limit + 1 })).ToList();
        await Send.OkAsync(new Page<WebhookResponse>(rows.Take(page.Limit).Select(r => r.Adapt<WebhookResponse>()).ToList(),
            page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
