using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Users.InviteUser;

public sealed class Request
{
    public string? Email { get; init; }

    public string? FullName { get; init; }

    [DocumentedValues("admin", "manager", "employee")]
    public string? Role { get; init; }

    public Guid? EmployeeId { get; init; }
}

/// <summary>The invited user, with the one-time activation token to pass on.</summary>
public sealed record Response(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, string ActivationToken,
    DateTimeOffset ActivationExpiresAt);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
        RuleFor(r => r.FullName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Role).NotEmpty().Must(role => UserRoles.All.Contains(role)).WithMessage(UserRoles.Rule);
    }
}
