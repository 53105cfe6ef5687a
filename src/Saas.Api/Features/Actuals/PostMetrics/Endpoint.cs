using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals.PostMetrics;

/// <summary><c>POST /actuals/metrics</c>: metric values per employee and period, for tenants whose CRM computes them.
/// A value for an employee, metric and period replaces the one posted before.</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json) : BatchPostEndpoint<Request, MetricInput, Result>(json)
{
    public override void Configure() => ConfigureBatch("metrics", "PostMetrics", "Post metric values computed by the CRM");

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (await ReadBatchAsync("values", cancellationToken) is not { } body)
            return;

        await using var work = await db.BeginAsync(cancellationToken);
        var rejected = body.Unreadable.Select(u => new RejectedItem(u.Index, u.Errors)).ToList();
        var stored = await MetricStore.StoreAsync(work, body.Items, rejected);
        await work.CommitAsync();
        await Send.OkAsync(new Result(body.Items.Count + body.Unreadable.Count, stored, [.. rejected.OrderBy(r => r.Index)]), cancellationToken);
    }
}
