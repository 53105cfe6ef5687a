using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Employees.DeactivateEmployee;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The last day of employment; the tenant's today when left out.</summary>
    [QueryParam]
    public DateOnly? EndDate { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(r => r.EndDate).InclusiveBetween(EmployeeFields.EarliestDate, EmployeeFields.LatestDate).When(r => r.EndDate is not null)
            .WithMessage("'endDate' must be a date between 1900 and 2999.");
}
