using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.DeleteWebhook;

/// <summary>Deletes a subscription with its queued deliveries and their log.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<WebhooksGroup>();
        Description(route => route.WithName("DeleteWebhook"));
        Summary(summary => summary.Summary = "Delete a webhook subscription");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        await WebhookSubscription.LockTenantsWebhooksAsync(work);
        if (await work.Documents.LoadAsync<WebhookSubscription>(id, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", id));
            return;
        }
        // The attempts go with their deliveries (a foreign key on delete cascade).
        await work.ExecuteAsync("delete from webhook_deliveries where tenant_id = @TenantId and subscription_id = @id", new { work.TenantId, id });
        work.Documents.Delete<WebhookSubscription>(id);
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
