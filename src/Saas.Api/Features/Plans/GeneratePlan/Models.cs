using FastEndpoints;
using FluentValidation;
using Saas.Engine.Assistant;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Plans.GeneratePlan;

/// <summary>The team comes from exactly one of <c>teamId</c> (its positions and employees), <c>roles</c>, or the roles
/// in <c>description</c>; goals from <c>goals</c> and from <c>description</c>.</summary>
public sealed class Request
{
    public Guid? TeamId { get; init; }

    public IReadOnlyList<RoleInput>? Roles { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<GoalInput>? Goals { get; init; }

    public Economics? Economics { get; init; }

    public IReadOnlyList<string>? Periods { get; init; }

    public string? Name { get; init; }
}

public sealed record RoleInput(string? Role, int? Count, decimal? BaseSalary);

/// <summary>A structured goal. Ratios are fractions (0.2 = 20 %). The unit follows from the metric; the direction
/// from <c>from</c> and <c>to</c> when not given. <c>horizonMonths</c>: months to reach <c>to</c>, ramping from
/// <c>from</c>; for a volume or money goal without <c>from</c> it also says what period <c>to</c> is the total of.</summary>
public sealed record GoalInput(string? Metric, GoalDirection? Direction, decimal? From, decimal? To, int? HorizonMonths);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r).Must(r => r.TeamId is not null || r.Roles is not null || !string.IsNullOrWhiteSpace(r.Description))
            .OverridePropertyName("roles").WithMessage("Give the team as 'teamId', as 'roles', or in words in 'description'.");
        RuleFor(r => r).Must(r => r.TeamId is null || r.Roles is null)
            .OverridePropertyName("roles").WithMessage("Give either 'teamId' or 'roles', not both.");
        RuleForEach(r => r.Roles).NotNull().WithMessage("An item cannot be null.");
        RuleForEach(r => r.Goals).NotNull().WithMessage("An item cannot be null.");
        RuleForEach(r => r.Periods).NotNull().WithMessage("An item cannot be null.");
        RuleForEach(r => r.Roles).ChildRules(role =>
        {
            role.RuleFor(x => x.Role).NotEmpty().Must(x => Saas.Engine.Common.Roles.TryParse(x, out _)).WithMessage("'role' is not a known role.");
            role.RuleFor(x => x.Count).NotNull().InclusiveBetween(1, 1000);
            role.RuleFor(x => x.BaseSalary).GreaterThanOrEqualTo(0m).LessThan(10_000_000_000m);
        }).When(r => r.Roles is not null);
        RuleForEach(r => r.Goals).ChildRules(goal =>
        {
            goal.RuleFor(g => g.Metric).NotEmpty().Must(m => MetricCatalogue.TryGet(m, out _)).WithMessage("'metric' must be a key of the metric catalogue.");
            goal.RuleFor(g => g.To).NotNull().Must(v => v is null || Math.Abs(v.Value) < 1_000_000_000_000m)
                .WithMessage("'to' is required and stays below 10^12.");
            goal.RuleFor(g => g.From).Must(v => v is null || Math.Abs(v.Value) < 1_000_000_000_000m).WithMessage("'from' stays below 10^12.");
            goal.RuleFor(g => g.HorizonMonths).InclusiveBetween(1, 24);
        }).When(r => r.Goals is not null);
        RuleFor(r => r.Periods).NotEmpty();
        RuleFor(r => r.Name).MaximumLength(200);
    }
}
