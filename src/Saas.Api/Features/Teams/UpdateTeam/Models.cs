using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams.UpdateTeam;

/// <summary>Fields left out (or null) keep their value; <c>positions</c>, when given, replaces them all.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? Name { get; init; }

    [DocumentedValues(typeof(Department))]
    public string? Department { get; init; }

    public IReadOnlyList<PositionInput>? Positions { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
        RuleFor(r => r.Positions!).Must(Teams.Positions.AreValid).WithMessage(Teams.Positions.Rule).When(r => r.Positions is not null);
    }
}
