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
        var row = await work.QuerySingleOrDefaultAsync<WebhookRow>($"""
            update webhook_subscriptions
            set url = coalesce(@url, url), events = coalesce(@events, events), description = coalesce(@description, description),
                active = coalesce(@Active, active), updated_at = now()
            where tenant_id = @TenantId and id = @Id
            returning {WebhookRow.Columns}
            """, new
        {
            work.TenantId,
            request.Id,
            url = request.Url?.Trim(),
            events = request.Events?.Distinct().Cast<string>().ToArray(),
            description = request.Description?.Trim(),
            request.Active,
        });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("webhook", request.Id));
            return;
        }
        await work.CommitAsync();
        await Send.OkAsync(row.Adapt<WebhookResponse>(), cancellationToken);
    }
}
