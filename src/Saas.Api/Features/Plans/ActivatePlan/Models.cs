using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Plans.ActivatePlan;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The first day the plan is in force; within its periods.</summary>
    public DateOnly? EffectiveFrom { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.EffectiveFrom).NotNull();
}

/// <summary>The plan now in force, and the active plans that gave way to it.</summary>
public sealed record Response(PlanResponse Plan, IReadOnlyList<Superseded> Superseded);

/// <summary>An active plan that ends the day before the new one starts (<c>active</c> until <see cref="EffectiveTo"/>),
/// or that had not started by then and is <c>retired</c>.</summary>
public sealed record Superseded(Guid Id, string Name, string Status, DateOnly? EffectiveTo);
