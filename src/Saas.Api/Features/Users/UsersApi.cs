using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

public static class UsersApi
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.TenantAdmin);
        group.MapPost("/", InviteUser.Handle).WithName("InviteUser")
            .WithSummary("Invite a user (the answer holds a one-time activation token)").Validate(InviteUser.Validator.Instance)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListUsers.Handle).WithName("ListUsers").WithSummary("List users");
        group.MapGet("/{id:guid}", GetUser.Handle).WithName("GetUser").WithSummary("Get a user");
        group.MapPatch("/{id:guid}", UpdateUser.Handle).WithName("UpdateUser")
            .WithSummary("Change a user's name, role or employee link").Validate(UpdateUser.Validator.Instance)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", DeactivateUser.Handle).WithName("DeactivateUser")
            .WithSummary("Deactivate a user").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/activation-token", ReissueActivation.Handle).WithName("ReissueActivationToken")
            .WithSummary("Issue a new activation token for a user who has not activated yet")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public static class UserRoles
{
    public static readonly string[] All = ["admin", "manager", "employee"];
}

public sealed record UserResponse(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, int Version,
    DateTimeOffset CreatedAt);

public sealed record UserRow(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, int Version, DateTime CreatedAt)
{
    public const string Columns = "id, email, full_name, role, employee_id, status, version, created_at";

    public UserResponse ToResponse() =>
        new(Id, Email, FullName, Role, EmployeeId, Status, Version, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
}
