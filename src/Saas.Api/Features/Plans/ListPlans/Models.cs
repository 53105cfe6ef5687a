using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Plans.ListPlans;

public sealed class Request : PageRequest
{
    /// <summary>Only plans in this status: draft, active or retired.</summary>
    [QueryParam]
    [DocumentedValues("draft", "active", "retired")]
    public string? Status { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Status).Must(status => Plan.Statuses.Contains(status)).When(r => r.Status is not null)
            .WithMessage("'status' must be one of draft, active, retired.").WithErrorCode("Must");
    }
}
