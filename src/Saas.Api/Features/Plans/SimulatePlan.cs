using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>What-if: the payout that given metric values would earn under a plan (draft or not), line by line,
/// computed by the same calculator as statements. Nothing is stored.</summary>
public static class SimulatePlan
{
    public const int MaxSubjects = 1000;

    public sealed record Request(string? Period, IReadOnlyList<SubjectActuals>? Actuals);

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

    public sealed record SubjectPayout(Guid? EmployeeId, string? Role, Guid? TeamId, int AssignmentIndex, PayoutResult Payout);

    public sealed record Response(string Period, string Currency, IReadOnlyList<SubjectPayout> Results, decimal Total);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Period).NotEmpty().Must(p => Period.TryParse(p, out _))
                .WithMessage(PeriodParameter.Message);
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
    }

    private sealed record EmployeeFacts(Guid Id, string Role, Guid? TeamId, decimal BaseSalary, string Currency);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Guid id, Request request, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var plan = await work.QuerySingleOrDefaultAsync<PlanRow>(
            $"select {PlanRow.Columns} from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (plan is null)
            return Problems.NotFound("plan", id);
        var document = plan.ReadDocument();
        var period = Period.Parse(request.Period!);
        if (!document.Periods.Select(Period.Parse).Contains(period))
            return Problems.Validation("period", $"The plan covers {string.Join(", ", document.Periods)}; simulate one of them.", "InPlan");
        var locale = await work.QuerySingleAsync<string>("select locale from tenants where id = @TenantId", new { work.TenantId });

        var employeeIds = request.Actuals!.Where(s => s.EmployeeId is not null).Select(s => s.EmployeeId!.Value).Distinct().ToArray();
        var employees = (await work.QueryAsync<EmployeeFacts>(
            "select id, role, team_id, base_salary, currency from employees where tenant_id = @TenantId and id = any(@employeeIds)",
            new { work.TenantId, employeeIds })).ToDictionary(e => e.Id);

        var results = new List<SubjectPayout>();
        for (var i = 0; i < request.Actuals!.Count; i++)
        {
            var subject = request.Actuals[i];
            EmployeeFacts? employee = null;
            if (subject.EmployeeId is { } employeeId && !employees.TryGetValue(employeeId, out employee))
                return Problems.Validation($"actuals[{i}].employeeId", $"No employee with id '{employeeId}' exists.", "EmployeeExists");

            var index = employee is not null
                ? document.AssignmentFor(employee.Id, employee.TeamId, Roles.TryParse(employee.Role, out var role) ? role : null)
                : document.AssignmentFor(null, subject.TeamId, Roles.TryParse(subject.Role, out var subjectRole) ? subjectRole : null);
            if (index < 0)
                return Problems.Validation($"actuals[{i}]", "No assignment of the plan applies to this employee, role or team.", "AssignmentExists");

            var baseSalary = subject.BaseSalary ?? (employee is not null && employee.Currency == document.Currency ? employee.BaseSalary : null);
            var payout = PayoutCalculator.Calculate(new PayoutInput
            {
                Assignment = document.Assignments[index],
                Period = period,
                Currency = document.Currency,
                Locale = locale,
                BaseSalary = baseSalary,
                Actuals = MetricInputs.Values(subject.Metrics),
                PreviousActuals = MetricInputs.Values(subject.PreviousMetrics),
                GroupActuals = MetricInputs.Groups(subject.GroupMetrics),
                SpifActuals = MetricInputs.Groups(subject.SpifMetrics),
                Deals = (subject.Deals ?? []).Select(d => new CreditedDeal
                {
                    DealId = d.DealId!,
                    Role = d.Role!.Value,
                    Revenue = d.Revenue!.Value,
                    GrossProfit = d.GrossProfit,
                    OperatingProfit = d.OperatingProfit,
                    Share = d.Share ?? 1m,
                    ClosedOn = d.ClosedOn!.Value,
                }).ToList(),
            });
            results.Add(new SubjectPayout(subject.EmployeeId, subject.Role ?? employee?.Role, subject.TeamId ?? employee?.TeamId, index, payout));
        }
        return TypedResults.Ok(new Response(period.ToString(), document.Currency, results, results.Sum(r => r.Payout.Total)));
    }

    private static IEnumerable<decimal> AllNumbers(SubjectActuals s) =>
        (s.Metrics?.Values ?? Enumerable.Empty<decimal>()).Concat(s.PreviousMetrics?.Values ?? Enumerable.Empty<decimal>())
            .Concat(s.GroupMetrics?.Values.Where(g => g is not null).SelectMany(g => g.Values) ?? [])
            .Concat(s.SpifMetrics?.Values.Where(g => g is not null).SelectMany(g => g.Values) ?? [])
            .Concat(s.Deals?.Where(d => d is not null).SelectMany(d => new[] { d.Revenue ?? 0, d.GrossProfit ?? 0, d.OperatingProfit ?? 0 }) ?? []);
}
