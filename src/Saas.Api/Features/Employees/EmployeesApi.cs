using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

public static class EmployeesApi
{
    public static RouteGroupBuilder MapEmployees(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/employees").WithTags("Employees").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/", CreateEmployee.Handle).WithName("CreateEmployee")
            .WithSummary("Create an employee").RequireAuthorization(Policies.TenantAdmin)
            .Validate(EmployeeFields.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListEmployees.Handle).WithName("ListEmployees")
            .WithSummary("List employees, filtered by team, role, activity or external id");
        group.MapGet("/{id:guid}", GetEmployee.Handle).WithName("GetEmployee").WithSummary("Get an employee");
        group.MapPut("/{id:guid}", ReplaceEmployee.Handle).WithName("ReplaceEmployee")
            .WithSummary("Replace an employee").RequireAuthorization(Policies.TenantAdmin)
            .Validate(EmployeeFields.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeactivateEmployee.Handle).WithName("DeactivateEmployee")
            .WithSummary("Deactivate an employee, keeping their history").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/reactivate", ReactivateEmployee.Handle).WithName("ReactivateEmployee")
            .WithSummary("Reactivate an employee").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }
}
