using System.Security.Cryptography;
using FastEndpoints;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks.CreateWebhook;

/// <summary>An admin subscribes a URL to events. The secret that signs deliveries is the caller's (at least 24 characters)
/// or generated; either way this answer is the only one that shows it.</summary>
public sealed class Endpoint(TenantDb db, WebhookSecrets secrets) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<WebhooksGroup>();
        Description(route => route.WithName("CreateWebhook").Produces<Response>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Subscribe a URL to events (the signing secret is shown once)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var secret = request.Secret ?? "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var work = await db.BeginAsync(cancellationToken);
        await WebhookSubscription.LockTenantsWebhooksAsync(work);
        if (await work.Documents.Query<WebhookSubscription>().CountAsync(cancellationToken) >= WebhookRules.MaxSubscriptions)
        {
            await Send.ResultAsync(Problems.Conflict($"A tenant has at most {WebhookRules.MaxSubscriptions} webhook subscriptions; delete one first."));
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            Url = request.Url!.Trim(),
            Events = request.Events!.Distinct().Cast<string>().ToArray(),
            Secret = secrets.Protect(secret),
            Description = request.Description?.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        work.Documents.Store(subscription);
        await work.CommitAsync();

        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.ResultAsync(TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", new Response(subscription.Id, subscription.Url,
            subscription.Events, subscription.Description, subscription.Active, subscription.CreatedAt, secret)));
    }
}
