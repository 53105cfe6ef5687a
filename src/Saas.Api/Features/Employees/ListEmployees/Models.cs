using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees.ListEmployees;

public sealed class Request : PageRequest
{
    /// <summary>Only the employees of this team.</summary>
    [QueryParam]
    public Guid? TeamId { get; init; }

    /// <summary>Only the employees in this role.</summary>
    [QueryParam]
    [DocumentedValues(typeof(Role))]
    public string? Role { get; init; }

    /// <summary>True lists current employees, false former ones; left out, both.</summary>
    [QueryParam]
    public bool? Active { get; init; }

    /// <summary>With <see cref="ExternalId"/>: the employee a CRM knows by that id, so that an integration can look one up.</summary>
    [QueryParam]
    public string? ExternalSystem { get; init; }

    /// <summary>The employee's id in <see cref="ExternalSystem"/>.</summary>
    [QueryParam]
    public string? ExternalId { get; init; }

    /// <summary>No filter given: the list takes its compiled page (<see cref="EmployeePage"/>). A filter added above belongs
    /// here too, or that page would answer it unfiltered.</summary>
    public bool FiltersNothing() => this is { ExternalSystem: null, TeamId: null, Role: null, Active: null };
}

public sealed class Validator : Validator<Request>
{
    private const string Together = "'externalSystem' and 'externalId' filter together: give both or neither.";

    public Validator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Role).Must(role => Roles.TryParse(role, out _))
            .WithMessage("'role' must be one of " + string.Join(", ", Enum.GetValues<Role>().Select(r => r.WireName())) + ".")
            .WithErrorCode("Must").When(r => r.Role is not null);
        RuleFor(r => r.ExternalSystem).NotNull().WithMessage(Together).WithErrorCode("Together").When(r => r.ExternalId is not null);
        RuleFor(r => r.ExternalId).NotNull().WithMessage(Together).WithErrorCode("Together").When(r => r.ExternalSystem is not null);
    }
}
