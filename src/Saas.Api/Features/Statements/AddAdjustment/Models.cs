using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Statements.AddAdjustment;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Added to the statement's total; negative to deduct.</summary>
    public decimal? Amount { get; init; }

    public string? Reason { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Amount).NotNull().NotEqual(0m).InclusiveBetween(-1_000_000_000m, 1_000_000_000m);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}
