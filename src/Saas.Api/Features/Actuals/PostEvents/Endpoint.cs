using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Telemetry;

namespace Saas.Api.Features.Actuals.PostEvents;

/// <summary><c>POST /actuals/events</c>: up to 5 000 events, accepted item by item. The request fails as a whole only
/// when it is not a JSON object with an <c>events</c> array, or holds too many.</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json, TimeProvider time, SaasMetrics metrics)
    : BatchPostEndpoint<Request, EventInput, IngestResult>(json)
{
    public override void Configure() => ConfigureBatch("events", "PostEvents", "Post lead and deal events (up to 5 000 a request)");

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (await ReadBatchAsync("events", cancellationToken) is not { } body)
            return;

        await using var work = await db.BeginAsync(cancellationToken);
        var ingestion = await EventIngestion.StartAsync(work, time.GetUtcNow());
        foreach (var (index, errors) in body.Unreadable)
            ingestion.Reject(index, errors);
        await ingestion.StageAsync(body.Items, cancellationToken);
        var result = await ingestion.FinishAsync();
        await work.CommitAsync();
        metrics.EventsIngested(result.Accepted, result.Duplicates, result.RejectedCount);
        await Send.OkAsync(result with { Rejected = [.. result.Rejected.OrderBy(r => r.Index)] }, cancellationToken);
    }
}
