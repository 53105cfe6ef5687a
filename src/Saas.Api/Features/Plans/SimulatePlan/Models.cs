using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
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
/// ratios are fractions (0.22 = 22 %). What a statement adds beyond the period's actuals may be simulated too: the draw
/// balance carried in, clawbacks of commission paid earlier (by the plan's clawback terms), and manual adjustments.</summary>
public sealed record SubjectActuals(
    Guid? EmployeeId,
    string? Role,
    Guid? TeamId,
    decimal? BaseSalary,
    Dictionary<string, decimal>? Metrics,
    Dictionary<string, decimal>? PreviousMetrics,
    Dictionary<string, Dictionary<string, decimal>>? GroupMetrics,
    Dictionary<string, Dictionary<string, decimal>>? SpifMetrics,
    IReadOnlyList<DealActual>? Deals,
    decimal? DrawBalance = null,
    IReadOnlyList<ClawbackActual>? Clawbacks = null,
    IReadOnlyList<AdjustmentActual>? Adjustments = null);

/// <summary>A credited deal; <see cref="Attributes"/> are what plans' deal rules test (<c>contract_months</c>, <c>product_line</c>,
/// <c>deal_type</c>, the tenant's own).</summary>
public sealed record DealActual(string? DealId, DealRole? Role, decimal? Revenue, decimal? GrossProfit, decimal? OperatingProfit,
    decimal? Share, DateOnly? ClosedOn, Dictionary<string, AttributeValue>? Attributes = null);

/// <summary>A refund or a churn in the simulated period of a deal whose <see cref="Commission"/> was paid in
/// <see cref="PaidIn"/>: a refund takes back <see cref="RefundedShare"/> of it (all when absent); a churn on <see cref="On"/>
/// takes back the plan's <c>churnShare</c> of it when it is within <c>churnWindowDays</c> of <see cref="WonOn"/> (whole days
/// here; a statement counts from the deal's instant).</summary>
public sealed record ClawbackActual(
    string? DealId,
    [property: DocumentedValues("refund", "churn")] string? Trigger,
    string? PaidIn,
    decimal? Commission,
    decimal? RefundedShare,
    DateOnly? WonOn,
    DateOnly? On);

/// <summary>A manual correction, either sign, with its reason.</summary>
public sealed record AdjustmentActual(decimal? Amount, string? Reason);

public sealed class Validator : Validator<Request>
{
    public const int MaxSubjects = 1000;
    public const int MaxItems = 100;

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
                deal.RuleFor(d => d.Share).GreaterThan(0m).LessThanOrEqualTo(1m);
                deal.RuleFor(d => d.ClosedOn).NotNull();
                deal.RuleFor(d => d.Attributes!.Count).LessThanOrEqualTo(DealAttributes.MaxPerDeal).OverridePropertyName("attributes")
                    .When(d => d.Attributes is not null);
            }).When(s => s.Deals is not null);
            subject.RuleFor(s => s.DrawBalance).GreaterThanOrEqualTo(0m).LessThan(PlanShape.MaxNumber);
            subject.RuleFor(s => s.Clawbacks!.Count).LessThanOrEqualTo(MaxItems).OverridePropertyName("clawbacks").When(s => s.Clawbacks is not null);
            subject.RuleForEach(s => s.Clawbacks).NotNull().WithMessage("A clawback cannot be null.").When(s => s.Clawbacks is not null);
            subject.RuleForEach(s => s.Clawbacks).ChildRules(clawback =>
            {
                clawback.RuleFor(c => c.DealId).NotEmpty().MaximumLength(200);
                clawback.RuleFor(c => c.Trigger).NotEmpty().Must(t => t is "refund" or "churn").WithMessage("'trigger' is refund or churn.");
                clawback.RuleFor(c => c.PaidIn).NotEmpty().Must(p => Period.TryParse(p, out _)).WithMessage("'paidIn' is the period the commission was paid for (2026-10, 2026-Q3).");
                clawback.RuleFor(c => c.Commission).NotNull().GreaterThan(0m).LessThan(PlanShape.MaxNumber);
                clawback.RuleFor(c => c.RefundedShare).GreaterThan(0m).LessThanOrEqualTo(1m);
                clawback.RuleFor(c => c.RefundedShare).Null().When(c => c.Trigger == "churn").WithMessage("'refundedShare' applies to a refund.");
                clawback.RuleFor(c => c.WonOn).NotNull().When(c => c.Trigger == "churn").WithMessage("A churn needs 'wonOn', the day the deal was won: the plan's window counts from it.");
                clawback.RuleFor(c => c.On).NotNull().When(c => c.Trigger == "churn").WithMessage("A churn needs 'on', the day the account churned.");
                clawback.RuleFor(c => c.On).GreaterThanOrEqualTo(c => c.WonOn).When(c => c.WonOn is not null && c.On is not null)
                    .WithMessage("'on' cannot be before 'wonOn'.");
            }).When(s => s.Clawbacks is not null);
            subject.RuleFor(s => s.Adjustments!.Count).LessThanOrEqualTo(MaxItems).OverridePropertyName("adjustments").When(s => s.Adjustments is not null);
            subject.RuleForEach(s => s.Adjustments).NotNull().WithMessage("An adjustment cannot be null.").When(s => s.Adjustments is not null);
            subject.RuleForEach(s => s.Adjustments).ChildRules(adjustment =>
            {
                adjustment.RuleFor(a => a.Amount).NotNull().NotEqual(0m).Must(a => Math.Abs(a ?? 0) < PlanShape.MaxNumber).WithMessage("'amount' stays below 10^15.");
                adjustment.RuleFor(a => a.Reason).NotEmpty().MaximumLength(1000);
            }).When(s => s.Adjustments is not null);
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
