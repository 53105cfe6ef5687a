using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Partners.UpdatePartnerTenant;

/// <summary>Fields left out (or null) keep their value.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? Name { get; init; }

    [DocumentedValues("active", "suspended")]
    public string? Status { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r.Status).Must(status => status is "active" or "suspended")
            .WithMessage("'status' must be active or suspended.").When(r => r.Status is not null);
    }
}
