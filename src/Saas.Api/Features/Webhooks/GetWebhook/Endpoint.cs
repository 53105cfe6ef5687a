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
        var subscription = await db.LoadAsync<WebhookSubscription>(id, cancellationToken);
        if (subscription is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", id));
            return;
        }
        await Send.OkAsync(subscription.Adapt<WebhookResponse>(), cancellationToken);
    }
}
