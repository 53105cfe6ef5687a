using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Users.ListUsers;

public sealed class Request : PageRequest
{
    /// <summary>Only users with this role: admin, manager or employee.</summary>
    [QueryParam]
    [DocumentedValues("admin", "manager", "employee")]
    public string? Role { get; init; }

    /// <summary>Only users in this state: invited, active or deactivated.</summary>
    [QueryParam]
    [DocumentedValues("invited", "active", "deactivated")]
    public string? Status { get; init; }
}

public sealed class Validator : Validator<Request>
{
    private static readonly string[] Statuses = ["invited", "active", "deactivated"];

    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Role).Must(role => UserRoles.All.Contains(role)).WithMessage(UserRoles.Rule).WithErrorCode("Must")
            .When(r => r.Role is not null);
        RuleFor(r => r.Status).Must(status => Statuses.Contains(status)).WithMessage("'status' must be one of invited, active, deactivated.")
            .WithErrorCode("Must").When(r => r.Status is not null);
    }
}
