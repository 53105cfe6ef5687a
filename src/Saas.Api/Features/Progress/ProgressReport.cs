using Saas.Api.Features.Employees;
using Saas.Api.Features.Statements;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Progress;

namespace Saas.Api.Features.Progress;

/// <summary>An employee's progress from a snapshot: the statement computed as if the period closed at the snapshot's time, read
/// component by component by <see cref="ProgressAdvisor"/>, each what-if priced by the statement's own computation.</summary>
public static class ProgressReport
{
    /// <summary>Unpriced (<paramref name="priced"/> false), the next steps carry no gain and there is no projected total: where
    /// everyone stands, at a statement computation each (milestones).</summary>
    public static EmployeeProgressResponse For(ProgressSnapshots.Snapshot snapshot, Employee employee, bool priced = true)
    {
        var (prepared, tenant) = (snapshot.Preparation.Prepared, snapshot.Preparation.Tenant);
        var period = prepared.Period;
        var pace = PeriodPace.Of(period, tenant.Calendar(), snapshot.AsOf);
        var paceResponse = new PaceResponse(pace.Elapsed, pace.WorkingDaysElapsed, pace.WorkingDays);
        if (StatementCalculation.Compute(prepared, employee) is not { } now)
            return new EmployeeProgressResponse(employee.Id, employee.FullName, period.ToString(), snapshot.AsOf, true, tenant.Currency, 0m, null,
                paceResponse, [], [], []);

        var actuals = prepared.Metrics.For(employee.Id);
        var group = prepared.Metrics.Tenant;
        decimal? projectedTotal = pace.NotStarted || !priced ? null
            : StatementCalculation.Compute(prepared, employee, Projection.Of(actuals, pace), Projection.Of(group, pace),
                Projected(prepared.Metrics.Deals.GetValueOrDefault(employee.Id) ?? [], pace))!.Total;
        var components = ProgressAdvisor.Assess(new ProgressInput
        {
            // The plan version in force last is the one still ahead.
            Assignment = now.Assignments[^1],
            Period = period,
            Locale = prepared.Locale,
            Currency = now.Currency,
            Lines = now.Lines,
            Total = now.Total,
            Actuals = actuals,
            PreviousActuals = prepared.Previous.For(employee.Id),
            Pace = pace,
            TotalIf = !priced ? null : (component, metric, value) => component is TeamComponent team && team.Metric == metric
                ? StatementCalculation.Compute(prepared, employee, tenant: With(group, metric, value))!.Total
                : StatementCalculation.Compute(prepared, employee, actuals: With(actuals, metric, value))!.Total,
        });
        return new EmployeeProgressResponse(employee.Id, employee.FullName, period.ToString(), snapshot.AsOf, true, now.Currency,
            Currency.Scaled(now.Total, now.Currency), projectedTotal is { } total ? Currency.Scaled(total, now.Currency) : null, paceResponse,
            now.Inputs.Plans.Select(p => new PlanInForce(p.PlanId, p.PlanName, p.PlanVersion)).ToList(), components, now.Lines);
    }

    private static MetricValues With(MetricValues values, string metric, decimal value) =>
        new(values.Where(pair => pair.Key != metric).Append(KeyValuePair.Create(metric, value)));

    /// <summary>Deals so far, each worth what the pace says the period's deals will be: a share of revenue projects like revenue.</summary>
    private static List<CreditedDeal> Projected(IReadOnlyList<CreditedDeal> deals, PeriodPace pace) =>
        pace.Elapsed >= 1 ? [.. deals]
        : [.. deals.Select(d => d with
        {
            Revenue = d.Revenue / pace.Elapsed,
            GrossProfit = d.GrossProfit / pace.Elapsed,
            OperatingProfit = d.OperatingProfit / pace.Elapsed,
        })];
}
