using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.GetWebhook;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<WebhookResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<WebhooksGroup>();
        Description(route => route.WithName("GetWebhook"));
        Summary(summary => summary.Summary = "Get a webhook subscription");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<WebhookRow>(
            $"select {WebhookRow.Columns} from webhook_subscriptions where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", id));
            return;
        }
        await Send.OkAsync(row.Adapt<WebhookResponse>(), cancellationToken);
    }
}
