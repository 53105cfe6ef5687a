using FastEndpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals.PostSpend;

/// <summary><c>POST /actuals/spend</c>: ad spend per day, channel and campaign, item by item. A day's amount for a
/// channel and campaign is a value, not an event: posting it again replaces it (platforms restate spend for days).</summary>
public sealed class Endpoint(TenantDb db, IOptions<JsonOptions> json) : Endpoint<Request, Result>
{
    public const int MaxEntries = 5000;

    public override void Configure()
    {
        Post("spend");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsWrite);
        RequestBinder(new BodyReadByHandler<Request>());
        Options(route => route.WithIdempotencyKey(BatchBody<SpendInput>.MaxBodyBytes));
        Description(route => route.WithName("PostSpend")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary => summary.Summary = "Post ad spend per day, channel and campaign");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var (body, problem) = await BatchBody<SpendInput>.ReadAsync(HttpContext.Request, "entries", MaxEntries, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }

        await using var work = await db.BeginAsync(cancellationToken);
        var rejected = body!.Unreadable.Select(u => new RejectedItem(u.Index, u.Errors)).ToList();
        var stored = await SpendStore.StoreAsync(work, body.Items, rejected);
        await work.CommitAsync();
        await Send.OkAsync(new Result(body.Items.Count + body.Unreadable.Count, stored, [.. rejected.OrderBy(r => r.Index)]), cancellationToken);
    }
}
