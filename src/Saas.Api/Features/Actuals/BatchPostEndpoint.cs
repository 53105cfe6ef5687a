using FastEndpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals;

/// <summary>What the three bulk writes of actuals (events, spend, metric values) share: an integration's
/// <c>actuals:write</c>, a body read item by item (<see cref="BatchBody{T}"/>) up to <see cref="MaxItems"/> under the
/// larger body limit, the <c>Idempotency-Key</c> replay, and the problems such a request can answer.</summary>
public abstract class BatchPostEndpoint<TRequest, TItem, TResponse>(IOptions<JsonOptions> json) : Endpoint<TRequest, TResponse>
    where TRequest : notnull, new()
    where TItem : class
{
    public const int MaxItems = 5000;

    protected void ConfigureBatch(string route, string operationName, string summary)
    {
        Post(route);
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsWrite);
        RequestBinder(new BodyReadByHandler<TRequest>());
        Options(endpoint => endpoint.WithIdempotencyKey(BatchBody<TItem>.MaxBodyBytes));
        Description(endpoint => endpoint.WithName(operationName)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(description => description.Summary = summary);
    }

    /// <summary>The body's items, or null when the request failed as a whole and its problem has been sent.</summary>
    protected async Task<BatchBody<TItem>?> ReadBatchAsync(string arrayName, CancellationToken cancellationToken)
    {
        var (body, problem) = await BatchBody<TItem>.ReadAsync(HttpContext.Request, arrayName, MaxItems, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
            await Send.ResultAsync(problem);
        return body;
    }
}
