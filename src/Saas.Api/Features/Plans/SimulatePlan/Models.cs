using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.SimulatePlan;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public string? Period { get; init; }

    public IReadOnlyList<SubjectActuals>? Actuals { get; init; }
}

/// <summary>Whose payout to compute: an employee (the most specific assignment for them is used: employee,
/// team, role), or a bare role or team; and their values for the period. Metric values are catalogue keys;
/// ratios are fractions (0.22 = 22 %).</summary>
public sealed record SubjectActuals(
    Guid? EmployeeId,
    string? Role,
    Guid? TeamId,
    decimal? BaseSalary,
    Dictionary<string, decimal>? Metrics,
    Dictionary<string, decimal>? PreviousMetrics,
    Dictionary<string, Dictionary<string, decimal>>? GroupMetrics,
    Dictionary<string, Dictionary<string, decimal>>? SpifMetrics,
    IReadOnlyList<DealActual>? Deals);

public sealed record DealActual(string? DealId, DealRole? Role, decimal? Revenue, decimal? GrossProfit, decimal? OperatingProfit,
    decimal? Share, DateOnly? ClosedOn);

public sealed class Validator : Validator<Request>
{
    public const int MaxSubjects = 1000;

    public Validator()
    {
        RuleFor(r => r.Period).NotEmpty().Must(p => Period.TryParse(p, out _)).WithMessage(PeriodParameter.Message);
        RuleFor(r => r.Actuals).NotEmpty();
        RuleFor(r => r.Actuals!.Count).LessThanOrEqualTo(MaxSubjects).OverridePropertyName("actuals").When(r => r.Actuals is not null);
        RuleForEach(r => r.Actuals).NotNull().WithMessage("An item cannot be null.");
        RuleForEach(r => r.Actuals).ChildRules(subject =>
        {
            subject.RuleFor(s => s).Must(s => (s.EmployeeId is null ? 0 : 1) + (s.Role is null ? 0 : 1) + (s.TeamId is null ? 0 : 1) == 1)
                .OverridePropertyName("employeeId").WithMessage("Name exactly one of employeeId, role or teamId.");
            subject.RuleFor(s => s.Role).Must(role => Roles.TryParse(role, out _)).When(s => s.Role is not null)
                .WithMessage("'role' is not a known role.");
            subject.RuleFor(s => s.BaseSalary).GreaterThanOrEqualTo(0m).LessThan(PlanShape.MaxNumber);
            subject.RuleFor(s => s).Must(s => AllNumbers(s).All(v => Math.Abs(v) < PlanShape.MaxNumber)).OverridePropertyName("metrics")
                .WithMessage("Metric values and deal amounts stay below 10^15.");
            subject.RuleForEach(s => s.Metrics).Must(pair => MetricCatalogue.TryGet(pair.Key, out _)).When(s => s.Metrics is not null)
                .OverridePropertyName("metrics").WithMessage("Every metric must be a key of the metric catalogue (GET /api/v1/metrics).");
            subject.RuleForEach(s => s.PreviousMetrics).Must(pair => MetricCatalogue.TryGet(pair.Key, out _)).When(s => s.PreviousMetrics is not null)
                .OverridePropertyName("previousMetrics").WithMessage("Every metric must be a key of the metric catalogue.");
            subject.RuleForEach(s => s.Deals).NotNull().WithMessage("A deal cannot be null.").When(s => s.Deals is not null);
            subject.RuleFor(s => s.GroupMetrics).Must(g => g is null || g.Values.All(v => v is not null))
                .WithMessage("Each group holds metric values, not null.");
            subject.RuleFor(s => s.SpifMetrics).Must(g => g is null || g.Values.All(v => v is not null))
                .WithMessage("Each spif holds metric values, not null.");
            subject.RuleForEach(s => s.Deals).ChildRules(deal =>
            {
                deal.RuleFor(d => d.DealId).NotEmpty().MaximumLength(200);
                deal.RuleFor(d => d.Role).NotNull();
                deal.RuleFor(d => d.Revenue).NotNull();
                deal.RuleFor(d => d.Share).InclusiveBetween(0m, 1m);
                deal.RuleFor(d => d.ClosedOn).NotNull();
            }).When(s => s.Deals is not null);
        });
    }

    private static IEnumerable<decimal> AllNumbers(SubjectActuals s) =>
        (s.Metrics?.Values ?? Enumerable.Empty<decimal>()).Concat(s.PreviousMetrics?.Values ?? Enumerable.Empty<decimal>())
            .Concat(s.GroupMetrics?.Values.Where(g => g is not null).SelectMany(g => g.Values) ?? [])
            .Concat(s.SpifMetrics?.Values.Where(g => g is not null).SelectMany(g => g.Values) ?? [])
            .Concat(s.Deals?.Where(d => d is not null).SelectMany(d => new[] { d.Revenue ?? 0, d.GrossProfit ?? 0, d.OperatingProfit ?? 0 }) ?? []);
}

public sealed record Response(string Period, string Currency, IReadOnlyList<SubjectPayout> Results, decimal Total);

public sealed record SubjectPayout(Guid? EmployeeId, string? Role, Guid? TeamId, int AssignmentIndex, PayoutResult Payout);
