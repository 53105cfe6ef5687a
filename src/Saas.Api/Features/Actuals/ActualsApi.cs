using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals;

public static class ActualsApi
{
    public static RouteGroupBuilder MapActuals(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/actuals").WithTags("Actuals");
        group.MapPost("/events", PostEvents.Handle).WithName("PostEvents")
            .WithSummary("Post lead and deal events (up to 5 000 a request)").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<EventInput>.MaxBodyBytes))
            .Accepts<PostEvents.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/spend", PostSpend.Handle).WithName("PostSpend")
            .WithSummary("Post ad spend per day, channel and campaign").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<PostSpend.SpendInput>.MaxBodyBytes))
            .Accepts<PostSpend.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/metrics", PostMetrics.Handle).WithName("PostMetrics")
            .WithSummary("Post metric values computed by the CRM").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(BatchBody<PostMetrics.MetricInput>.MaxBodyBytes))
            .Accepts<PostMetrics.Request>("application/json").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/import", ImportCsv.Handle).WithName("ImportCsv")
            .WithSummary("Import events, spend or metric values from a CSV export").RequireAuthorization(Policies.ActualsWrite)
            .AddEndpointFilter(new IdempotencyFilter(ImportCsv.MaxBodyBytes))
            .Accepts<string>("text/csv").WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/events", ListEvents.Handle).WithName("ListEvents")
            .WithSummary("List stored events, filtered by period, type, employee and lead").RequireAuthorization(Policies.ActualsRead);
        group.MapGet("/leads/{leadId}", GetLead.Handle).WithName("GetLead")
            .WithSummary("Get a lead: attributed source, owner, stages and deal credits").RequireAuthorization(Policies.ActualsRead);
        return group;
    }
}
