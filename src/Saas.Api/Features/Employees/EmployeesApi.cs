using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

public static class EmployeesApi
{
    public static RouteGroupBuilder MapEmployees(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/employees").WithTags("Employees").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/", CreateEmployee.Handle).WithName("CreateEmployee").RequireAuthorization(Policies.TenantAdmin)
            .Validate(EmployeeFields.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListEmployees.Handle).WithName("ListEmployees");
        group.MapGet("/{id:guid}", GetEmployee.Handle).WithName("GetEmployee");
        group.MapPut("/{id:guid}", ReplaceEmployee.Handle).WithName("ReplaceEmployee").RequireAuthorization(Policies.TenantAdmin)
            .Validate(EmployeeFields.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeactivateEmployee.Handle).WithName("DeactivateEmployee").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/reactivate", ReactivateEmployee.Handle).WithName("ReactivateEmployee").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }
}
