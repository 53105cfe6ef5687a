using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;

namespace Saas.Api.Features.Plans.ReviewPlan;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The period reviewed: one of the plan's. Bound by its JSON name, so that the error for a missing one names it so.</summary>
    [QueryParam(IsRequired = true)]
    [BindFrom("period")]
    public string? Period { get; init; }

    public IReadOnlyList<SubjectResults>? Subjects { get; init; }

    /// <summary>Also apply the proposals to a new draft.</summary>
    public bool CreateDraft { get; init; }
}

/// <summary>The assignment is named by exactly one of its role, team or employee.</summary>
public sealed record SubjectResults(
    string? Role,
    Guid? TeamId,
    Guid? EmployeeId,
    string? Label,
    decimal? BaseSalary,
    Dictionary<string, decimal>? Metrics,
    Dictionary<string, decimal>? PreviousMetrics,
    Dictionary<string, decimal>? BeforePreviousMetrics,
    Dictionary<string, Dictionary<string, decimal>>? GroupMetrics,
    Dictionary<string, Dictionary<string, decimal>>? PreviousGroupMetrics);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Period).Must(p => Period.TryParse(p, out _)).WithMessage(PeriodParameter.Message).WithErrorCode("Period");
        RuleFor(r => r.Subjects).NotEmpty();
        RuleForEach(r => r.Subjects).NotNull().WithMessage("An item cannot be null.");
        RuleForEach(r => r.Subjects).SetValidator(new SubjectResultsValidator());
    }
}

/// <summary>One subject's results: named by exactly one of role, team or employee, with catalogue metrics in range.</summary>
public sealed class SubjectResultsValidator : AbstractValidator<SubjectResults>
{
    public SubjectResultsValidator()
    {
        RuleFor(s => s).Must(s => new[] { s.Metrics, s.PreviousMetrics, s.BeforePreviousMetrics }.Where(m => m is not null)
                .SelectMany(m => m!.Values).Concat(new[] { s.GroupMetrics, s.PreviousGroupMetrics }.Where(g => g is not null)
                    .SelectMany(g => g!.Values).Where(v => v is not null).SelectMany(v => v.Values))
                .All(v => Math.Abs(v) < PlanShape.MaxNumber))
            .OverridePropertyName("metrics").WithMessage("Metric values stay below 10^15.");
        RuleFor(s => s).Must(s => (s.GroupMetrics?.Values.All(v => v is not null) ?? true) && (s.PreviousGroupMetrics?.Values.All(v => v is not null) ?? true))
            .OverridePropertyName("groupMetrics").WithMessage("Each group holds metric values, not null.");
        RuleFor(s => s).Must(s => (s.EmployeeId is null ? 0 : 1) + (s.Role is null ? 0 : 1) + (s.TeamId is null ? 0 : 1) == 1)
            .OverridePropertyName("role").WithMessage("Name the assignment by exactly one of role, teamId or employeeId.");
        RuleFor(s => s.Role).Must(role => Roles.TryParse(role, out _)).When(s => s.Role is not null).WithMessage("'role' is not a known role.");
        RuleFor(s => s.Metrics).NotNull();
        RuleFor(s => s.BaseSalary).GreaterThanOrEqualTo(0m);
        RuleFor(s => s.Label).MaximumLength(200);
        foreach (var (name, select) in new (string, Func<SubjectResults, Dictionary<string, decimal>?>)[]
            { ("metrics", s => s.Metrics), ("previousMetrics", s => s.PreviousMetrics), ("beforePreviousMetrics", s => s.BeforePreviousMetrics) })
            RuleFor(s => select(s)).Must(values => values is null || values.Keys.All(key => MetricCatalogue.TryGet(key, out _)))
                .OverridePropertyName(name).WithMessage("Every metric must be a key of the metric catalogue (GET /api/v1/metrics).");
    }
}

/// <summary>The review, and the draft it was applied to when one was asked for.</summary>
public sealed record Response(PlanReview Review, PlanResponse? Draft);
