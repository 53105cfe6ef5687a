using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Webhooks;

public static class ListWebhooks
{
    public static async Task<Results<Ok<Page<WebhookResponse>>, ProblemHttpResult>> Handle(TenantDb db, CancellationToken cancellationToken,
        int? limit = null, string? cursor = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<WebhookRow>($"""
            select {WebhookRow.Columns} from webhook_subscriptions
            where tenant_id = @TenantId and (@After::uuid is null or id > @After)
            order by id limit @Take
            """, new { work.TenantId, page.After, Take = page.Limit + 1 })).ToList();
        return TypedResults.Ok(new Page<WebhookResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}

public static class GetWebhook
{
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<WebhookRow>(
            $"select {WebhookRow.Columns} from webhook_subscriptions where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        return row is null ? Problems.NotFound("webhook", id) : TypedResults.Ok(row.ToResponse());
    }
}

/// <summary>Changes the URL, events, description, or pauses (<c>active: false</c>) a subscription. Fields left out keep
/// their value. A paused subscription gets no new deliveries; those already queued are still sent.</summary>
public static class UpdateWebhook
{
    public sealed record Request(string? Url, IReadOnlyList<string?>? Events, string? Description, bool? Active);

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Handle(Guid id, Request request, TenantDb db,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Url is not null)
            WebhookRules.CheckUrl(request.Url, options.Value, errors);
        if (request.Events is not null)
            WebhookRules.CheckEvents(request.Events, errors);
        WebhookRules.CheckDescription(request.Description, errors);
        if (WebhookRules.Problem(errors) is { } problem)
            return problem;

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<WebhookRow>($"""
            update webhook_subscriptions
            set url = coalesce(@url, url), events = coalesce(@events, events), description = coalesce(@description, description),
                active = coalesce(@Active, active), updated_at = now()
            where tenant_id = @TenantId and id = @id
            returning {WebhookRow.Columns}
            """, new
        {
            work.TenantId,
            id,
            url = request.Url?.Trim(),
            events = request.Events?.Distinct().Cast<string>().ToArray(),
            description = request.Description?.Trim(),
            request.Active,
        });
        if (row is null)
            return Problems.NotFound("webhook", id);
        await work.CommitAsync();
        return TypedResults.Ok(row.ToResponse());
    }
}

/// <summary>Deletes a subscription with its queued deliveries and their log.</summary>
public static class DeleteWebhook
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var deleted = await work.ExecuteAsync("delete from webhook_subscriptions where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (deleted == 0)
            return Problems.NotFound("webhook", id);
        await work.CommitAsync();
        return TypedResults.NoContent();
    }
}
