using FastEndpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals.PostMetrics;

/// <summary><c>POST /actuals/metrics</c>: metric values per employee and period, for tenants whose CRM computes them.
/// A value for an employee, metric and period replaces the one posted before.</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json) : Endpoint<Request, Result>
{
    public const int MaxValues = 5000;

    public override void Configure()
    {
        Post("metrics");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsWrite);
        RequestBinder(new BodyReadByHandler<Request>());
        Options(route => route.WithIdempotencyKey(BatchBody<MetricInput>.MaxBodyBytes));
        Description(route => route.WithName("PostMetrics")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary => summary.Summary = "Post metric values computed by the CRM");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var (body, problem) = await BatchBody<MetricInput>.ReadAsync(HttpContext.Request, "values", MaxValues, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }

        await using var work = await db.BeginAsync(cancellationToken);
        var rejected = body!.Unreadable.Select(u => new RejectedItem(u.Index, u.Errors)).ToList();
        var stored = await MetricStore.StoreAsync(work, body.Items, rejected);
        await work.CommitAsync();
        await Send.OkAsync(new Result(body.Items.Count + body.Unreadable.Count, stored, [.. rejected.OrderBy(r => r.Index)]), cancellationToken);
    }
}
