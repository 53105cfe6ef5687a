using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Progress;
using Saas.Engine.Sla;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Progress;

public class ProgressAdvisorTests
{
    private static readonly PeriodPace Halfway = new(0.5m, 10, 20);

    /// <summary>30 000 RUB target pay: SQL attainment (half the weight, nothing below 80 %), +5 % for every 5 SQL above 40
    /// (at most 4 steps), and everything withheld while first-response compliance is under 90 %.</summary>
    private static Assignment SalesPlan() => Assignment(30_000,
        new AttainmentComponent { Id = "sql", Metric = MetricKeys.Sql, Target = 40, Weight = 0.5m, Threshold = 0.8m },
        new StepComponent { Id = "steps", Metric = MetricKeys.Sql, Target = 40, Every = 5, Rate = 0.05m, MaxSteps = 4 },
        new GateComponent { Id = "sla", Metric = MetricKeys.FirstResponseCompliance, Operator = ComparisonOperator.AtLeast, Value = 0.9m });

    private static IReadOnlyList<ComponentProgress> Assess(Assignment assignment, MetricValues actuals, string locale = "en",
        PeriodPace? pace = null, MetricValues? previous = null)
    {
        PayoutResult Calculate(MetricValues values) => Pay(assignment, values, locale, input => input with { PreviousActuals = previous ?? MetricValues.Empty });
        var now = Calculate(actuals);
        return ProgressAdvisor.Assess(new ProgressInput
        {
            Assignment = assignment,
            Period = November,
            Locale = locale,
            Currency = "RUB",
            Lines = now.Lines,
            Total = now.Total,
            Actuals = actuals,
            PreviousActuals = previous ?? MetricValues.Empty,
            Pace = pace ?? Halfway,
            TotalIf = (_, metric, value) => Calculate(new MetricValues(actuals.Where(p => p.Key != metric).Append(KeyValuePair.Create(metric, value)))).Total,
        });
    }

    private static ComponentProgress Component(IReadOnlyList<ComponentProgress> progress, string id) => Assert.Single(progress, c => c.Id == id);

    [Fact]
    public void Below_the_threshold_the_next_step_is_the_threshold_priced_by_the_engine()
    {
        var progress = Assess(SalesPlan(), Values((MetricKeys.Sql, 30m), (MetricKeys.FirstResponseCompliance, 0.95m)));

        var sql = Component(progress, "sql");
        Assert.Equal((30m, 40m, 0.75m, 0m), (sql.Actual, sql.Target, sql.Attainment, sql.Amount));
        // At 32 SQL (80 %): 30 000 × 0.5 × 0.8 = 12 000.
        Assert.Equal(new NextStep(StepKind.Threshold, MetricKeys.Sql, 30m, 32m, 2m, 12_000m, "SQL: 2 more to the 80% threshold — ≈ +12,000 RUB"),
            sql.NextStep! with { Text = Plain(sql.NextStep!.Text) });
    }

    [Fact]
    public void A_sliding_bonus_names_the_next_full_step_and_what_reaching_it_adds_to_the_total()
    {
        var progress = Assess(SalesPlan(), Values((MetricKeys.Sql, 42m), (MetricKeys.FirstResponseCompliance, 0.95m)), locale: "ru");

        var step = Component(progress, "steps").NextStep!;
        // 45 SQL: one step (30 000 × 0.05 = 1 500), and the attainment line grows from 42/40 to 45/40 (15 000 × 0.075 = 1 125).
        Assert.Equal((StepKind.Step, 45m, 3m, 2_625m), (step.Kind, step.Value, step.Distance, step.Gain));
        Assert.Equal("SQL: ещё 3 до следующего шага (+5 % целевой премии) — ≈ +2 625 ₽", Plain(step.Text));
    }

    [Fact]
    public void Reached_counts_the_paying_steps_behind_the_actual_and_the_last_allowed_step_leaves_no_next_one()
    {
        var below = Assess(SalesPlan(), Values((MetricKeys.Sql, 30m), (MetricKeys.FirstResponseCompliance, 0.95m)));
        Assert.Equal((0, 0), (Component(below, "sql").Reached, Component(below, "steps").Reached));

        var twoSteps = Assess(SalesPlan(), Values((MetricKeys.Sql, 52m), (MetricKeys.FirstResponseCompliance, 0.95m)));
        Assert.Equal((1, 2), (Component(twoSteps, "sql").Reached, Component(twoSteps, "steps").Reached));
        Assert.Equal(55m, Component(twoSteps, "steps").NextStep!.Value);

        var all = Component(Assess(SalesPlan(), Values((MetricKeys.Sql, 61m), (MetricKeys.FirstResponseCompliance, 0.95m))), "steps");
        Assert.Equal(4, all.Reached);
        Assert.Null(all.NextStep);
    }

    [Fact]
    public void A_missed_gate_is_at_risk_says_what_it_withholds_and_leaves_the_steps_it_gates_worth_nothing()
    {
        var progress = Assess(SalesPlan(), Values((MetricKeys.Sql, 36m), (MetricKeys.FirstResponseCompliance, 0.86m)));

        var gate = Component(progress, "sla").Gate!;
        // 36 SQL is 90 %: 30 000 × 0.5 × 0.9 = 13 500, all withheld.
        Assert.Equal((false, (bool?)false, true, 13_500m), (gate.Met, gate.ProjectedMet, gate.AtRisk, gate.Withheld));
        Assert.Equal("First-response SLA compliance 86%, the gate needs ≥ 90% — not met, 13,500 RUB withheld", Plain(gate.Text));
        var step = Component(progress, "steps").NextStep!;
        Assert.Equal((45m, 0m), (step.Value, step.Gain));
        Assert.Equal("SQL: 9 more to the next step (+5% of the target bonus)", Plain(step.Text));
    }

    [Fact]
    public void Counts_project_by_the_pace_and_ratios_stay_where_they_are()
    {
        var progress = Assess(SalesPlan(), Values((MetricKeys.Sql, 30m), (MetricKeys.FirstResponseCompliance, 0.95m)));

        var sql = Component(progress, "sql");
        Assert.Equal((60m, 1.5m, true), (sql.ProjectedActual, sql.ProjectedAttainment, sql.OnPace));
        Assert.Equal((0.95m, true), (Component(progress, "sla").ProjectedActual, Component(progress, "sla").OnPace));

        var behind = Component(Assess(SalesPlan(), Values((MetricKeys.Sql, 12m), (MetricKeys.FirstResponseCompliance, 0.95m))), "sql");
        Assert.Equal((24m, 0.6m, false), (behind.ProjectedActual, behind.ProjectedAttainment, behind.OnPace));
    }

    [Fact]
    public void A_lower_is_better_metric_counts_down_to_its_threshold()
    {
        var plan = Assignment(30_000, new AttainmentComponent { Id = "cpl", Metric = MetricKeys.Cpl, Target = 1_000, Weight = 1, Threshold = 0.8m });

        var step = Component(Assess(plan, Values((MetricKeys.Cpl, 1_300m))), "cpl").NextStep!;

        // Attainment 2 − 1 300 / 1 000 = 70 %; 80 % is a CPL of 1 200: 30 000 × 0.8 = 24 000.
        Assert.Equal((1_200m, 100m, 24_000m), (step.Value, step.Distance, step.Gain));
        Assert.Equal("Cost per lead (CPL): 100 RUB less to the 80% threshold — ≈ +24,000 RUB", Plain(step.Text));
    }

    [Fact]
    public void A_failed_per_unit_condition_comes_before_the_next_rate()
    {
        var plan = Assignment(0, new PerUnitComponent
        {
            Id = "leads",
            Metric = MetricKeys.Leads,
            Tiers = [new Tier(0, 100), new Tier(50, 150)],
            Condition = new MetricCondition(MetricKeys.Cpl, ComparisonOperator.AtMost, 1_500),
        });

        var failing = Component(Assess(plan, Values((MetricKeys.Leads, 40m), (MetricKeys.Cpl, 1_600m))), "leads").NextStep!;
        // Marginal tiers: 40 × 100.
        Assert.Equal((StepKind.Condition, MetricKeys.Cpl, 1_500m, 4_000m), (failing.Kind, failing.Metric, failing.Value, failing.Gain));

        var holding = Component(Assess(plan, Values((MetricKeys.Leads, 40m), (MetricKeys.Cpl, 1_400m))), "leads").NextStep!;
        // 50 leads: 50 × 100 (the next tier starts paying 150 from the 51st) − 40 × 100.
        Assert.Equal((StepKind.Tier, MetricKeys.Leads, 50m, 10m, 1_000m), (holding.Kind, holding.Metric, holding.Value, holding.Distance, holding.Gain));
    }

    [Fact]
    public void A_growth_bonus_needs_the_previous_period_beaten_by_its_minimum_and_a_tier_names_where_it_starts()
    {
        var growth = Assignment(0, new GrowthComponent
        {
            Id = "growth",
            Metric = MetricKeys.Mql,
            Minimum = 0.1m,
            Bonus = new PayAmount { Amount = 5_000 },
        });
        var step = Component(Assess(growth, Values((MetricKeys.Mql, 40m)), previous: Values((MetricKeys.Mql, 50m))), "growth").NextStep!;
        Assert.Equal((StepKind.Growth, 55m, 15m, 5_000m), (step.Kind, step.Value, step.Distance, step.Gain));

        var tiered = Assignment(30_000, new AttainmentComponent
        {
            Id = "sql",
            Metric = MetricKeys.Sql,
            Target = 40,
            Weight = 1,
            Curve = Curve.Marginal(new Tier(0, 1), new Tier(1, 1.5m)),
        });
        var tier = Component(Assess(tiered, Values((MetricKeys.Sql, 30m))), "sql").NextStep!;
        // A marginal tier pays more only beyond its start: at 40 the gain is the linear part, 30 000 × (1 − 0.75).
        Assert.Equal((StepKind.Tier, 40m, 10m, 7_500m), (tier.Kind, tier.Value, tier.Distance, tier.Gain));
        Assert.Equal("SQL: 10 more to the next tier (from 100%) — ≈ +7,500 RUB", Plain(tier.Text));
    }

    [Fact]
    public void Pace_is_the_share_of_working_time_passed_in_the_tenants_calendar()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingInterval(day, new TimeOnly(9, 0), new TimeOnly(18, 0)));
        var calendar = new WorkingCalendar(weekdays, [], TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));
        var december = Period.Parse("2026-12");

        // 23 weekdays of 9 hours; by noon on Tuesday the 15th, 10 whole days and 3 hours: 93 of 207 hours.
        Assert.Equal(new PeriodPace(0.4493m, 11, 23), PeriodPace.Of(december, calendar, new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.FromHours(3))));
        Assert.Equal(new PeriodPace(0m, 0, 23), PeriodPace.Of(december, calendar, new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new PeriodPace(1m, 23, 23), PeriodPace.Of(december, calendar, new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Projection_is_undefined_before_the_period_starts_and_the_value_itself_once_it_is_over()
    {
        Assert.Null(Projection.Of(MetricKeys.Sql, 5m, new PeriodPace(0m, 0, 20)));
        Assert.Equal(5m, Projection.Of(MetricKeys.Sql, 5m, new PeriodPace(1m, 20, 20)));
        Assert.Equal(20m, Projection.Of(MetricKeys.Sql, 5m, new PeriodPace(0.25m, 5, 20)));
        Assert.Equal(0.3m, Projection.Of(MetricKeys.CrMqlToSql, 0.3m, new PeriodPace(0.25m, 5, 20)));
        Assert.Equal(1_200m, Projection.Of(MetricKeys.Cpl, 1_200m, new PeriodPace(0.25m, 5, 20)));
    }

    [Fact]
    public void Two_million_sliding_steps_of_one_are_counted_and_the_next_is_one_more()
    {
        var plan = Assignment(30_000, new StepComponent { Id = "revenue_steps", Metric = MetricKeys.Revenue, Target = 1_000_000, Every = 1, Rate = 0.000001m });

        var step = Component(Assess(plan, Values((MetricKeys.Revenue, 3_000_000m))), "revenue_steps");

        Assert.Equal((2_000_000, 3_000_001m), (step.Reached, step.NextStep!.Value));
    }

    [Fact]
    public void A_per_unit_condition_is_read_in_its_own_direction_not_the_metrics()
    {
        // Spend is higher-is-better as a metric; the condition caps it.
        var plan = Assignment(0, new PerUnitComponent
        {
            Id = "leads",
            Metric = MetricKeys.Leads,
            Rate = 100,
            Condition = new MetricCondition(MetricKeys.Spend, ComparisonOperator.AtMost, 100_000),
        });

        var holding = Component(Assess(plan, Values((MetricKeys.Leads, 40m), (MetricKeys.Spend, 50_000m))), "leads");
        Assert.Equal((4_000m, 1, (NextStep?)null), (holding.Amount, holding.Reached, holding.NextStep));

        var failing = Component(Assess(plan, Values((MetricKeys.Leads, 40m), (MetricKeys.Spend, 120_000m))), "leads");
        Assert.Equal((0, StepKind.Condition, 100_000m, 4_000m), (failing.Reached, failing.NextStep!.Kind, failing.NextStep.Value, failing.NextStep.Gain));
        Assert.Equal("Ad spend: 20,000 RUB less to the condition of per-unit pay — ≈ +4,000 RUB", Plain(failing.NextStep.Text));
    }

    [Fact]
    public void A_gate_without_data_is_at_risk_and_says_what_it_withholds()
    {
        var progress = Assess(SalesPlan(), Values((MetricKeys.Sql, 36m)));

        var gate = Component(progress, "sla").Gate!;
        Assert.Equal((false, (bool?)null, true, 13_500m), (gate.Met, gate.ProjectedMet, gate.AtRisk, gate.Withheld));
        Assert.Equal("First-response SLA compliance — no data yet, the gate needs ≥ 90% — not met, 13,500 RUB withheld", Plain(gate.Text));
    }
}
