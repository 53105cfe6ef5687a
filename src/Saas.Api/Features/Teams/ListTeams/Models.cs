using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams.ListTeams;

public sealed class Request : PageRequest
{
    /// <summary>Only teams of this department.</summary>
    [QueryParam]
    [DocumentedValues(typeof(Department))]
    public string? Department { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
    }
}
