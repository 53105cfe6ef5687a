using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Users.UpdateUser;

/// <summary>Fields left out (or null) keep their value.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? FullName { get; init; }

    [DocumentedValues("admin", "manager", "employee")]
    public string? Role { get; init; }

    public Guid? EmployeeId { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.FullName).NotEmpty().MaximumLength(200).When(r => r.FullName is not null);
        RuleFor(r => r.Role).Must(role => UserRoles.All.Contains(role)).WithMessage(UserRoles.Rule).When(r => r.Role is not null);
    }
}
