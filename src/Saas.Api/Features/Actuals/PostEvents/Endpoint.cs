using FastEndpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals.PostEvents;

/// <summary><c>POST /actuals/events</c>: up to 5 000 events, accepted item by item. The request fails as a whole only
/// when it is not a JSON object with an <c>events</c> array, or holds too many.</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json, TimeProvider time) : Endpoint<Request, IngestResult>
{
    public const int MaxEvents = 5000;

    public override void Configure()
    {
        Post("events");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsWrite);
        RequestBinder(new BodyReadByHandler<Request>());
        Options(route => route.WithIdempotencyKey(BatchBody<EventInput>.MaxBodyBytes));
        Description(route => route.WithName("PostEvents")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary => summary.Summary = "Post lead and deal events (up to 5 000 a request)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var (body, problem) = await BatchBody<EventInput>.ReadAsync(HttpContext.Request, "events", MaxEvents, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }

        await using var work = await db.BeginAsync(cancellationToken);
        var ingestion = await EventIngestion.StartAsync(work, time.GetUtcNow());
        foreach (var (index, errors) in body!.Unreadable)
            ingestion.Reject(index, errors);
        await ingestion.StageAsync(body.Items, cancellationToken);
        var result = await ingestion.FinishAsync();
        await work.CommitAsync();
        await Send.OkAsync(result with { Rejected = [.. result.Rejected.OrderBy(r => r.Index)] }, cancellationToken);
    }
}
