using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals;

public static class ActualsApi
{
    public static RouteGroupBuilder MapActuals(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/actuals").WithTags("Actuals");
        group.MapPost("/events", PostEvents.Handle).WithName("PostEvents").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<EventInput>.MaxBodyBytes))
            .Accepts<PostEvents.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/spend", PostSpend.Handle).WithName("PostSpend").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<PostSpend.SpendInput>.MaxBodyBytes))
            .Accepts<PostSpend.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/metrics", PostMetrics.Handle).WithName("PostMetrics").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<PostMetrics.MetricInput>.MaxBodyBytes))
            .Accepts<PostMetrics.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/import", ImportCsv.Handle).WithName("ImportCsv").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(ImportCsv.MaxBodyBytes))
            .Accepts<string>("text/csv").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/events", ListEvents.Handle).WithName("ListEvents").RequireAuthorization(Policies.ActualsRead);
        group.MapGet("/leads/{leadId}", GetLead.Handle).WithName("GetLead").RequireAuthorization(Policies.ActualsRead);
        return group;
    }
}
