using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.UpdateWebhook;

/// <summary>Changes the URL, events, description, or pauses (<c>active: false</c>) a subscription. A paused subscription
/// gets no new deliveries; those already queued are still sent.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, WebhookResponse>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<WebhooksGroup>();
        Description(route => route.WithName("UpdateWebhook"));
        Summary(summary => summary.Summary = "Change a webhook's URL, events, description or whether it is active");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await WebhookSubscription.LockTenantsWebhooksAsync(work);
        var subscription = await work.Documents.LoadAsync<WebhookSubscription>(request.Id, cancellationToken);
        if (subscription is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", request.Id));
            return;
        }
        subscription.Url = request.Url?.Trim() ?? subscription.Url;
        subscription.Events = request.Events?.Distinct().Cast<string>().ToArray() ?? subscription.Events;
        subscription.Description = request.Description?.Trim() ?? subscription.Description;
        subscription.Active = request.Active ?? subscription.Active;
        subscription.UpdatedAt = DateTimeOffset.UtcNow;
        work.Documents.Store(subscription);
        await work.CommitAsync();
        await Send.OkAsync(subscription.Adapt<WebhookResponse>(), cancellationToken);
    }
}
