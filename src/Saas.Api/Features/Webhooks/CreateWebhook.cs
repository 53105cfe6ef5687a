using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks;

/// <summary>An admin subscribes a URL to events. The secret that signs deliveries is the caller's (at least 24
/// characters) or generated; either way this answer is the only one that shows it.</summary>
public static class CreateWebhook
{
    public sealed record Request(string? Url, IReadOnlyList<string?>? Events, string? Secret, string? Description);

    public sealed record Response(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Active, DateTimeOffset CreatedAt,
        string Secret);

    public static async Task<Results<Created<Response>, ProblemHttpResult>> Handle(Request request, TenantDb db, IOptions<WebhookOptions> options,
        WebhookSecrets secrets, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        WebhookRules.CheckUrl(request.Url, options.Value, errors);
        WebhookRules.CheckEvents(request.Events, errors);
        WebhookRules.CheckDescription(request.Description, errors);
        if (request.Secret is { } given && (given.Length is < 24 or > 256 || given.Any(char.IsControl)))
            errors["secret"] = ["'secret' must be 24 to 256 printable characters; leave it out to have one generated."];
        if (WebhookRules.Problem(errors) is { } problem)
            return problem;

        var secret = request.Secret ?? "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var work = await db.BeginAsync(cancellationToken);
        // Serialises concurrent creations of one tenant, so the limit holds.
        await work.ExecuteAsync("select pg_advisory_xact_lock(hashtext('webhooks:' || @TenantId::text))", new { work.TenantId });
        var count = await work.QuerySingleAsync<int>("select count(*)::int from webhook_subscriptions where tenant_id = @TenantId", new { work.TenantId });
        if (count >= WebhookRules.MaxSubscriptions)
            return Problems.Conflict($"A tenant has at most {WebhookRules.MaxSubscriptions} webhook subscriptions; delete one first.");
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
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/webhooks/{row.Id}",
            new Response(row.Id, row.Url, row.Events, row.Description, row.Active, row.CreatedAt, secret));
    }
}
