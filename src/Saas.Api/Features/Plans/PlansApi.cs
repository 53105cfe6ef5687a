using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

public static class PlansApi
{
    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/", CreatePlan.Handle).WithName("CreatePlan").RequireAuthorization(Policies.TenantAdmin)
            .Accepts<PlanDocument>("application/json");
        group.MapPost("/generate", GeneratePlan.Handle).WithName("GeneratePlan").RequireAuthorization(Policies.TenantAdmin)
            .Validate(GeneratePlan.Validator.Instance).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", ListPlans.Handle).WithName("ListPlans");
        group.MapGet("/{id:guid}", GetPlan.Handle).WithName("GetPlan");
        group.MapPut("/{id:guid}", UpdatePlan.Handle).WithName("UpdatePlan").RequireAuthorization(Policies.TenantAdmin)
            .Accepts<PlanDocument>("application/json").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeletePlan.Handle).WithName("DeletePlan").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/copy", CopyPlan.Handle).WithName("CopyPlan").RequireAuthorization(Policies.TenantAdmin);
        group.MapPost("/{id:guid}/activate", ActivatePlan.Handle).WithName("ActivatePlan").RequireAuthorization(Policies.TenantAdmin)
            .Validate(ActivatePlan.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/simulate", SimulatePlan.Handle).WithName("SimulatePlan")
            .Validate(SimulatePlan.Validator.Instance);
        group.MapPost("/{id:guid}/review", ReviewPlan.Handle).WithName("ReviewPlan").RequireAuthorization(Policies.TenantAdmin)
            .Validate(ReviewPlan.Validator.Instance);
        api.MapGet("/metrics", ListMetrics.Handle).WithName("ListMetrics").WithTags("Plans").RequireAuthorization(Policies.TenantUser);
        return group;
    }
}
