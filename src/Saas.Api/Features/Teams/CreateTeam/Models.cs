using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams.CreateTeam;

/// <summary>A team, with its planned positions given as <c>positions</c> or in words as <c>description</c>.</summary>
public sealed class Request
{
    public string? Name { get; init; }

    [DocumentedValues(typeof(Department))]
    public string? Department { get; init; }

    public IReadOnlyList<PositionInput>? Positions { get; init; }

    public string? Description { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Department).NotEmpty().When(r => r.Positions is not { Count: > 0 } && r.Description is null)
            .WithMessage("'department' is required unless the team is described by 'positions' or 'description'.");
        RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
        RuleFor(r => r).Must(r => r.Positions is null || r.Description is null).OverridePropertyName("description")
            .WithMessage("Give 'positions' or 'description', not both.");
        RuleFor(r => r.Positions!).Must(Teams.Positions.AreValid).WithMessage(Teams.Positions.Rule).When(r => r.Positions is not null);
        RuleFor(r => r.Description).NotEmpty().When(r => r.Description is not null);
    }
}
