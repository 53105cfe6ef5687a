using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class StepPayoutTests
{
    // "За каждые 10 SQL сверх плана +5 % к премии", plan 100 SQL, target bonus 30 000.
    private static StepComponent Sliding(decimal target = 100, int? maxSteps = null, string metric = MetricKeys.Sql, decimal every = 10) => new()
    {
        Id = "slide",
        Metric = metric,
        Target = target,
        Every = every,
        Rate = 0.05m,
        MaxSteps = maxSteps,
    };

    [Theory]
    // 135 SQL: floor(35 / 10) = 3 steps → 30 000 × 0.05 × 3 = 4 500.
    [InlineData(135, 4_500)]
    // 140: exactly 4 steps → 6 000.
    [InlineData(140, 6_000)]
    // 109: 9 over plan, not a full step → 0.
    [InlineData(109, 0)]
    // 100: on plan → 0.
    [InlineData(100, 0)]
    // 80: under plan → 0, never negative.
    [InlineData(80, 0)]
    public void Each_full_step_above_plan_adds_five_percent_of_the_target_bonus(int sql, int expected)
    {
        var line = Pay(Assignment(30_000, Sliding()), Values((MetricKeys.Sql, sql))).Line("slide");

        Assert.Equal(expected, line.Amount);
    }

    [Fact]
    public void Step_line_explains_the_steps()
    {
        var line = Pay(Assignment(30_000, Sliding()), Values((MetricKeys.Sql, 135)), locale: "ru").Line("slide");

        Assert.Equal("floor(max(0, (135 − 100)) / 10) = 3; 30000 × 0.05 × 3 = 4500", line.Formula);
        Assert.Equal("SQL 135 при плане 100: сверх плана 35, шагов по 10: 3, по 5 % целевой премии за шаг: 30 000 × 0,05 × 3 = 4 500 ₽",
            Plain(line.Explanation));
    }

    [Fact]
    public void Steps_stop_at_max_steps()
    {
        // 150 SQL = 5 steps, capped at 2 → 30 000 × 0.05 × 2 = 3 000.
        var line = Pay(Assignment(30_000, Sliding(maxSteps: 2)), Values((MetricKeys.Sql, 150))).Line("slide");

        Assert.Equal(3_000m, line.Amount);
        Assert.Contains("min(5, 2) = 2", line.Formula);
    }

    [Fact]
    public void A_zero_target_counts_steps_from_zero()
    {
        // 25 SQL against 0: floor(25 / 10) = 2 → 30 000 × 0.05 × 2 = 3 000.
        var line = Pay(Assignment(30_000, Sliding(target: 0)), Values((MetricKeys.Sql, 25))).Line("slide");

        Assert.Equal(3_000m, line.Amount);
    }

    [Fact]
    public void For_a_lower_is_better_metric_steps_count_below_plan()
    {
        // CPL plan 1 000, step 100: actual 750 is 250 better → 2 steps → 3 000.
        var line = Pay(Assignment(30_000, Sliding(target: 1000, metric: MetricKeys.Cpl, every: 100)), Values((MetricKeys.Cpl, 750))).Line("slide");

        Assert.Equal(3_000m, line.Amount);
        Assert.StartsWith("floor(max(0, (1000 − 750)) / 100) = 2", line.Formula);
    }
}

public class GrowthPayoutTests
{
    private static GrowthComponent MqlGrowth(GrowthMeasure measure = GrowthMeasure.Percent, decimal minimum = 0.1m, PayAmount? bonus = null,
        string metric = MetricKeys.Mql) => new()
        {
            Id = "growth",
            Metric = metric,
            Measure = measure,
            Minimum = minimum,
            Bonus = bonus ?? PayAmount.Fixed(5_000),
        };

    private static PayoutLine Run(GrowthComponent component, decimal now, decimal? before, string locale = "en") =>
        Pay(Assignment(30_000, component), Values((component.Metric, now)), locale,
            input => input with { PreviousActuals = before is { } b ? Values((component.Metric, b)) : MetricValues.Empty }).Line("growth");

    [Theory]
    // 120 MQL against 100: (120 − 100) / 100 = 20 % ≥ 10 % → 5 000.
    [InlineData(120, 100, 5_000)]
    // Exactly 10 %: 110 against 100 → 5 000.
    [InlineData(110, 100, 5_000)]
    // 105 against 100 = 5 % < 10 % → 0.
    [InlineData(105, 100, 0)]
    // Fewer than last month → 0.
    [InlineData(90, 100, 0)]
    public void Pays_when_growth_over_last_month_reaches_the_minimum(int now, int before, int expected) =>
        Assert.Equal(expected, Run(MqlGrowth(), now, before).Amount);

    [Fact]
    public void Without_a_minimum_the_metric_must_still_beat_last_month()
    {
        // 100 against 100 is no growth, even with minimum 0.
        Assert.Equal(0m, Run(MqlGrowth(minimum: 0), 100, 100).Amount);
        Assert.Equal(5_000m, Run(MqlGrowth(minimum: 0), 101, 100).Amount);
    }

    [Fact]
    public void Absolute_growth_with_a_bonus_as_share_of_target()
    {
        // 112 − 100 = 12 ≥ 10 → 30 000 × 0.1 = 3 000.
        var line = Run(MqlGrowth(GrowthMeasure.Absolute, 10, PayAmount.TargetShare(0.1m)), 112, 100);

        Assert.Equal(3_000m, line.Amount);
        Assert.Equal("112 − 100 = 12; 12 > 0 and ≥ 10 → yes → 30000 × 0.1 = 3000", line.Formula);
    }

    [Fact]
    public void Growth_from_zero_counts_as_enough()
    {
        // Last month 0, now 5: the percentage is undefined, the improvement is real → 5 000.
        var line = Run(MqlGrowth(), 5, 0);

        Assert.Equal(5_000m, line.Amount);
        Assert.Contains("from zero", line.Explanation);
    }

    [Fact]
    public void For_lower_is_better_a_decrease_is_growth()
    {
        // CPL 900 against 1 000: (1 000 − 900) / 1 000 = 10 % ≥ 5 % → 5 000.
        var line = Run(MqlGrowth(minimum: 0.05m, metric: MetricKeys.Cpl), 900, 1000, "ru");

        Assert.Equal(5_000m, line.Amount);
        Assert.Equal("Стоимость лида (CPL) 900 ₽ против 1 000 ₽ в прошлом периоде: снижение 10 % (нужно не меньше 5 %) — бонус 5 000 ₽",
            Plain(line.Explanation));
    }

    [Fact]
    public void Missing_previous_period_pays_nothing()
    {
        var line = Run(MqlGrowth(), 120, null);

        Assert.Equal(LineOutcome.MissingData, line.Outcome);
        Assert.Equal(0m, line.Amount);
        Assert.Equal("MQL: no data for the previous period — nothing earned", line.Explanation);
    }
}
