using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

public static class PlansApi
{
    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/", CreatePlan.Handle).WithName("CreatePlan")
            .WithSummary("Create a draft plan from a hand-written plan document").RequireAuthorization(Policies.TenantAdmin)
            .Accepts<PlanDocument>("application/json");
        group.MapPost("/generate", GeneratePlan.Handle).WithName("GeneratePlan")
            .WithSummary("Propose a draft plan of KPIs and bonus formulas from a team and goals").RequireAuthorization(Policies.TenantAdmin)
            .Validate(GeneratePlan.Validator.Instance).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", ListPlans.Handle).WithName("ListPlans").WithSummary("List plans, filtered by status");
        group.MapGet("/{id:guid}", GetPlan.Handle).WithName("GetPlan").WithSummary("Get a plan");
        group.MapPut("/{id:guid}", UpdatePlan.Handle).WithName("UpdatePlan")
            .WithSummary("Replace the document of a draft plan").RequireAuthorization(Policies.TenantAdmin)
            .Accepts<PlanDocument>("application/json").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeletePlan.Handle).WithName("DeletePlan")
            .WithSummary("Delete a draft plan").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/copy", CopyPlan.Handle).WithName("CopyPlan")
            .WithSummary("Copy a plan into a new draft (the next version of an active plan)").RequireAuthorization(Policies.TenantAdmin);
        group.MapPost("/{id:guid}/activate", ActivatePlan.Handle).WithName("ActivatePlan")
            .WithSummary("Activate a plan from a date").RequireAuthorization(Policies.TenantAdmin)
            .Validate(ActivatePlan.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/simulate", SimulatePlan.Handle).WithName("SimulatePlan")
            .WithSummary("Simulate the payouts that given actuals would earn, line by line")
            .Validate(SimulatePlan.Validator.Instance);
        group.MapPost("/{id:guid}/review", ReviewPlan.Handle).WithName("ReviewPlan")
            .WithSummary("Review a plan after a period and propose changes by rule").RequireAuthorization(Policies.TenantAdmin)
            .Validate(ReviewPlan.Validator.Instance);
        api.MapGet("/metrics", ListMetrics.Handle).WithName("ListMetrics")
            .WithSummary("List the metric catalogue that plans name metrics from").WithTags("Plans").RequireAuthorization(Policies.TenantUser);
        return group;
    }
}
