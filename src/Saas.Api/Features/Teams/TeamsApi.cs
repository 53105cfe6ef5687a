using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class TeamsApi
{
    public static RouteGroupBuilder MapTeams(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Policies.TenantManager);
        group.MapPost("/", CreateTeam.Handle).WithName("CreateTeam")
            .WithSummary("Create a team, with positions given explicitly or in words").RequireAuthorization(Policies.TenantAdmin)
            .Validate(CreateTeam.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListTeams.Handle).WithName("ListTeams").WithSummary("List teams, filtered by department");
        group.MapGet("/{id:guid}", GetTeam.Handle).WithName("GetTeam").WithSummary("Get a team");
        group.MapPatch("/{id:guid}", UpdateTeam.Handle).WithName("UpdateTeam").WithSummary("Change a team").RequireAuthorization(Policies.TenantAdmin)
            .Validate(UpdateTeam.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeleteTeam.Handle).WithName("DeleteTeam")
            .WithSummary("Delete a team").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }
}
