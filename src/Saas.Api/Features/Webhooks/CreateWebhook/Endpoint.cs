using System.Security.Cryptography;
using FastEndpoints;
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
        // Serialises concurrent creations of one tenant, so the limit holds.
        await work.ExecuteAsync("select pg_advisory_xact_lock(hashtext('webhooks:' || @TenantId::text))", new { work.TenantId });
        var count = await work.QuerySingleAsync<int>("select count(*)::int from webhook_subscriptions where tenant_id = @TenantId", new { work.TenantId });
        if (count >= WebhookRules.MaxSubscriptions)
        {
            await Send.ResultAsync(Problems.Conflict($"A tenant has at most {WebhookRules.MaxSubscriptions} webhook subscriptions; delete one first."));
            return;
        }
        var row = await work.QuerySingleAsync<WebhookRow>($"""
            insert into webhook_subscriptions (tenant_id, id, url, events, secret, description)
            values (@TenantId, @id, @url, @events, @secret, @description)
            returning {WebhookRow.Columns}
            """, new
        {
            work.TenantId,
            id = Guid.CreateVersion7(),
            url = request.Url!.Trim(),
            events = request.Events!.Distinct().ToArray(),
            secret = secrets.Protect(secret),
            description = request.Description?.Trim(),
        });
        await work.CommitAsync();

        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.ResultAsync(TypedResults.Created($"/api/v1/webhooks/{row.Id}",
            new Response(row.Id, row.Url, row.Events, row.Description, row.Active, row.CreatedAt, secret)));
    }
}
