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
        var deleted = await work.ExecuteAsync("delete from webhook_subscriptions where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (deleted == 0)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", id));
            return;
        }
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
