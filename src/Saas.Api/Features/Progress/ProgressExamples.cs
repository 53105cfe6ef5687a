using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Progress;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Progress;

/// <summary>The OpenAPI example of progress, computed by the engine itself: a sales manager on 15 December 2026 at noon in
/// Moscow, with a weekday 09:00–18:00 calendar, 22 SQL against a plan of 40, half the revenue target, and first-response
/// compliance under the 90 % that the gate needs for paying in full (it pays half when missed).</summary>
public static class ProgressExamples
{
    private const string Plan = """
        {"role":"sales_manager","targetVariablePay":{"amount":30000},"components":[
         {"kind":"attainment","id":"sql","label":"SQL","metric":"sql","target":40,"weight":0.5,"threshold":0.5},
         {"kind":"step","id":"sql_steps","label":"Шаги сверх плана","metric":"sql","target":40,"every":5,"rate":0.05},
         {"kind":"attainment","id":"revenue","label":"Выручка","metric":"revenue","target":1000000,"weight":0.5},
         {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.9,"factor":0.5}]}
        """;

    private static readonly Lazy<EmployeeProgressResponse> Computed = new(Compute);

    public static EmployeeProgressResponse Employee => Computed.Value;

    public static TeamProgressResponse Team => new(Guid.Parse("01a24600-0000-7000-8000-0000000000b1"), "Продажи", Employee.Period, Employee.AsOf, Employee.SharedAsOf, true,
        [Employee]);

    private static EmployeeProgressResponse Compute()
    {
        var assignment = System.Text.Json.JsonSerializer.Deserialize<Assignment>(Plan, PlanJson.Options)!;
        var period = Period.Month(2026, 12);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingInterval(day, new TimeOnly(9, 0), new TimeOnly(18, 0)));
        var asOf = new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.FromHours(3));
        var pace = PeriodPace.Of(period, new WorkingCalendar(weekdays, [], zone), asOf);
        var actuals = MetricValues.Of((MetricKeys.Sql, 22m), (MetricKeys.Revenue, 480_000m), (MetricKeys.FirstResponseCompliance, 0.8621m));

        PayoutResult Calculate(MetricValues values) =>
            PayoutCalculator.Calculate(new PayoutInput { Assignment = assignment, Period = period, Currency = "RUB", Locale = "ru", Actuals = values });
        var now = Calculate(actuals);
        var components = ProgressAdvisor.Assess(new ProgressInput
        {
            Assignment = assignment,
            Period = period,
            Locale = "ru",
            Currency = "RUB",
            Lines = now.Lines,
            Total = now.Total,
            Actuals = actuals,
            PreviousActuals = MetricValues.Empty,
            Pace = pace,
            TotalIf = (_, metric, value) => Calculate(new MetricValues(actuals.Where(p => p.Key != metric).Append(KeyValuePair.Create(metric, value)))).Total,
        });
        return new EmployeeProgressResponse(Guid.Parse("01a24600-0000-7000-8000-0000000000e1"), "Анна Петрова", period.ToString(), asOf, asOf.AddSeconds(-3), true, "RUB",
            Currency.Scaled(now.Total, "RUB"), Currency.Scaled(Calculate(Projection.Of(actuals, pace)).Total, "RUB"), PaceResponse.Of(pace),
            [new PlanProgress(Guid.Parse("01a24600-0000-7000-8000-0000000000a1"), "Продажи", 1, period.Start, period.EndExclusive.AddDays(-1),
                PaceResponse.Of(pace), components)], now.Lines);
    }
}
