using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals.PostSpend;

/// <summary><c>POST /actuals/spend</c>: ad spend per day, channel and campaign, item by item. A day's amount for a
/// channel and campaign is a value, not an event: posting it again replaces it (platforms restate spend for days).</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json) : BatchPostEndpoint<Request, SpendInput, Result>(json)
{
    public override void Configure() => ConfigureBatch("spend", "PostSpend", "Post ad spend per day, channel and campaign");

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (await ReadBatchAsync("entries", cancellationToken) is not { } body)
            return;

        await using var work = await db.BeginAsync(cancellationToken);
        var rejected = body.Unreadable.Select(u => new RejectedItem(u.Index, u.Errors)).ToList();
        var stored = await SpendStore.StoreAsync(work, body.Items, rejected);
        await work.CommitAsync();
        await Send.OkAsync(new Result(body.Items.Count + body.Unreadable.Count, stored, [.. rejected.OrderBy(r => r.Index)]), cancellationToken);
    }
}
