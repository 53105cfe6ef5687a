using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity.Activate;

public sealed class Request
{
    public string? ActivationToken { get; init; }

    public string? Password { get; init; }
}

public sealed record Response(Guid UserId, string Email, string Status);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.ActivationToken).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(Passwords.MaximumLength);
    }
}
