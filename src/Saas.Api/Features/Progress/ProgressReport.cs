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
        var calendar = tenant.Calendar();
        var pace = PeriodPace.Of(period, calendar, snapshot.OwnAsOf);
        if (StatementCalculation.Compute(prepared, employee) is not { } now)
            return new EmployeeProgressResponse(employee.Id, employee.FullName, period.ToString(), snapshot.OwnAsOf, snapshot.AsOf, true, tenant.Currency,
                0m, null, PaceResponse.Of(pace), [], []);

        var actuals = prepared.Metrics.For(employee.Id);
        var group = prepared.Metrics.Tenant;
        // Counted over the days the employee worked under a plan version: the last of them is the one still running.
        var employed = PeriodPace.Of(period, calendar, snapshot.OwnAsOf, now.Segments[0].Segment.From, now.Segments[^1].Segment.ToInclusive.AddDays(1));
        // The tenant's values are the snapshot's, as of its reading: projected by the pace then.
        decimal? projectedTotal = employed.NotStarted || !priced ? null
            : StatementCalculation.Compute(prepared, employee, Projection.Of(actuals, employed), Projection.Of(group, PeriodPace.Of(period, calendar, snapshot.AsOf)),
                Projected(prepared.Metrics.Deals.GetValueOrDefault(employee.Id) ?? [], employed))!.Total;
        Func<Component, string, decimal, decimal>? totalIf = !priced ? null : (component, metric, value) => component is TeamComponent team && team.Metric == metric
            ? StatementCalculation.Compute(prepared, employee, tenant: With(group, metric, value))!.Total
            : StatementCalculation.Compute(prepared, employee, actuals: With(actuals, metric, value))!.Total;
        var plans = now.Segments.Select(part =>
        {
            var segment = part.Segment;
            var segmentPace = PeriodPace.Of(period, calendar, snapshot.OwnAsOf, segment.From, segment.ToInclusive.AddDays(1));
            var components = ProgressAdvisor.Assess(new ProgressInput
            {
                Assignment = part.Assignment,
                Period = period,
                Locale = prepared.Locale,
                Currency = now.Currency,
                Lines = part.Lines,
                Total = now.Total,
                Actuals = actuals,
                PreviousActuals = prepared.Previous.For(employee.Id),
                Pace = segmentPace,
                TotalIf = totalIf,
            });
            return new PlanProgress(segment.PlanId, segment.PlanName, segment.PlanVersion, segment.From, segment.ToInclusive, PaceResponse.Of(segmentPace),
                components);
        }).ToList();
        return new EmployeeProgressResponse(employee.Id, employee.FullName, period.ToString(), snapshot.OwnAsOf, snapshot.AsOf, true, now.Currency,
            Currency.Scaled(now.Total, now.Currency), projectedTotal is { } total ? Currency.Scaled(total, now.Currency) : null, PaceResponse.Of(pace),
            plans, now.Lines);
    }

    private static MetricValues With(MetricValues values, string metric, decimal value) =>
        new(values.Where(pair => pair.Key != metric).Append(KeyValuePair.Create(metric, value)));

    /// <summary>The deals the period will have at the pace so far: as many more of the same deals (each as it was, so that per-deal
    /// tiers and rules read it as they did), to <c>count ÷ elapsed</c> deals.</summary>
    private static List<CreditedDeal> Projected(IReadOnlyList<CreditedDeal> deals, PeriodPace pace)
    {
        if (pace.Elapsed >= 1 || deals.Count == 0)
            return [.. deals];
        var count = (int)Math.Round(deals.Count / pace.Elapsed, MidpointRounding.AwayFromZero);
        return [.. Enumerable.Range(0, count).Select(i => i < deals.Count ? deals[i] : deals[i % deals.Count] with { DealId = $"{deals[i % deals.Count].DealId}~{i / deals.Count}" })];
    }
}
