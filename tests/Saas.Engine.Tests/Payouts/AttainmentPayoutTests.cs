using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class AttainmentPayoutTests
{
    private static AttainmentComponent SqlToWon(decimal weight = 0.6m) => new()
    {
        Id = "conv",
        Metric = MetricKeys.CrSqlToWon,
        Target = 0.20m,
        Weight = weight,
    };

    private static AttainmentComponent Sql(Curve? curve = null, decimal? threshold = null, decimal? cap = null) => new()
    {
        Id = "sql",
        Metric = MetricKeys.Sql,
        Target = 100,
        Weight = 1,
        Curve = curve,
        Threshold = threshold,
        Cap = cap,
    };

    [Fact]
    public void Conversion_22_against_20_is_110_percent_and_30000_x_06_x_110_is_19800()
    {
        var result = Pay(Assignment(30_000, SqlToWon()), Values((MetricKeys.CrSqlToWon, 0.22m)), locale: "ru");

        var line = result.Line("conv");
        Assert.Equal(19_800m, line.Amount);
        Assert.Equal(1.1m, line.Attainment);
        Assert.Equal(0.20m, line.Target);
        Assert.Equal(0.22m, line.Actual);
        Assert.Equal(LineOutcome.Paid, line.Outcome);
        Assert.Equal("a = 0.22 / 0.2 = 1.1; 30000 × 0.6 × 1.1 = 19800", line.Formula);
        Assert.Equal("Конверсия SQL→сделка 22 % при цели 20 %: выполнение 110 %, вес 60 %, 30 000 × 0,6 × 1,10 = 19 800 ₽",
            Plain(line.Explanation));
        Assert.Equal(19_800m, result.Total);
    }

    [Fact]
    public void The_same_line_in_English_uses_comma_thousands_and_the_currency_code()
    {
        var line = Pay(Assignment(30_000, SqlToWon()), Values((MetricKeys.CrSqlToWon, 0.22m))).Line("conv");

        Assert.Equal("SQL→deal conversion 22% against a target of 20%: attainment 110%, weight 60%, 30,000 × 0.6 × 1.10 = 19,800 RUB",
            line.Explanation);
    }

    [Fact]
    public void Russian_digit_groups_are_no_break_spaces()
    {
        var line = Pay(Assignment(30_000, SqlToWon()), Values((MetricKeys.CrSqlToWon, 0.22m)), locale: "ru-RU").Line("conv");

        Assert.EndsWith("30\u00A0000 × 0,6 × 1,10 = 19\u00A0800\u00A0₽", line.Explanation);
    }

    [Theory]
    // 80 SQL of 100 with an 80 % threshold: exactly at the threshold pays, 30 000 × 1 × 0.8 = 24 000.
    [InlineData(80, 24_000, LineOutcome.Paid)]
    // 79 of 100 = 79 % < 80 %: nothing.
    [InlineData(79, 0, LineOutcome.BelowThreshold)]
    public void Threshold_is_inclusive(int sql, int expected, LineOutcome outcome)
    {
        var line = Pay(Assignment(30_000, Sql(threshold: 0.8m)), Values((MetricKeys.Sql, sql))).Line("sql");

        Assert.Equal(expected, line.Amount);
        Assert.Equal(outcome, line.Outcome);
    }

    [Fact]
    public void Below_threshold_explains_why_nothing_is_paid()
    {
        var line = Pay(Assignment(30_000, Sql(threshold: 0.8m)), Values((MetricKeys.Sql, 70)), locale: "ru").Line("sql");

        Assert.Equal("a = 70 / 100 = 0.7; 0.7 < 0.8 → 0", line.Formula);
        Assert.Equal("SQL 70 при цели 100: выполнение 70 %, ниже порога 80 % — не начислено", Plain(line.Explanation));
    }

    [Theory]
    // At the 150 % cap: 30 000 × 1 × 1.5 = 45 000.
    [InlineData(150, 45_000)]
    // 200 SQL = 200 %, counted as 150 %: still 45 000.
    [InlineData(200, 45_000)]
    // 120 SQL = 120 %, under the cap: 36 000.
    [InlineData(120, 36_000)]
    public void Attainment_is_counted_up_to_the_cap(int sql, int expected)
    {
        var line = Pay(Assignment(30_000, Sql(cap: 1.5m)), Values((MetricKeys.Sql, sql))).Line("sql");

        Assert.Equal(expected, line.Amount);
    }

    [Fact]
    public void A_capped_attainment_shows_the_cap_in_formula_and_text()
    {
        var line = Pay(Assignment(30_000, Sql(cap: 1.5m)), Values((MetricKeys.Sql, 200))).Line("sql");

        Assert.Equal("a = 200 / 100 = 2; min(2, 1.5) = 1.5; 30000 × 1 × 1.5 = 45000", line.Formula);
        Assert.Contains("attainment 200%, counted as 150% (cap)", line.Explanation);
        Assert.Equal(2m, line.Attainment);
    }

    [Theory]
    // 120 %: the first 100 % at 1, the 20 % above at the 1.5 accelerator: 1 + 0.3 = 1.3; 30 000 × 1.3 = 39 000.
    [InlineData(120, 39_000)]
    // 100 %: 1 × 1 = 1 → 30 000.
    [InlineData(100, 30_000)]
    // 60 %: 0.6 × 1 → 18 000.
    [InlineData(60, 18_000)]
    public void Marginal_tiers_pay_each_slice_at_its_own_rate(int sql, int expected)
    {
        var curve = Curve.Marginal(new Tier(0, 1), new Tier(1, 1.5m));

        var line = Pay(Assignment(30_000, Sql(curve)), Values((MetricKeys.Sql, sql))).Line("sql");

        Assert.Equal(expected, line.Amount);
    }

    [Fact]
    public void Marginal_decelerator_below_target()
    {
        // Tiers 0–80 % at 0.5, 80–100 % at 1, above 100 % at 2. At 90 %: 0.8 × 0.5 + 0.1 × 1 = 0.5 → 30 000 × 0.5 = 15 000.
        var curve = Curve.Marginal(new Tier(0, 0.5m), new Tier(0.8m, 1), new Tier(1, 2));

        var line = Pay(Assignment(30_000, Sql(curve)), Values((MetricKeys.Sql, 90))).Line("sql");

        Assert.Equal(15_000m, line.Amount);
        Assert.Equal("a = 90 / 100 = 0.9; 30000 × 1 × (0.8 × 0.5 + 0.1 × 1) = 15000", line.Formula);
        Assert.Equal(2, line.Tier);
        Assert.Equal(1m, line.Rate);
    }

    [Theory]
    // Flat: the tier reached pays its rate on the whole attainment.
    // 125 % reaches the 120 % tier (1.5): 1.25 × 1.5 = 1.875 → 30 000 × 1.875 = 56 250.
    [InlineData(125, 56_250, 3)]
    // Exactly 120 % already gets 1.5 on everything: 1.2 × 1.5 = 1.8 → 54 000.
    [InlineData(120, 54_000, 3)]
    // 119 % is in the 100 % tier (1.0): 1.19 → 35 700. The jump to 54 000 at 120 % is what "retroactive" means.
    [InlineData(119, 35_700, 2)]
    // 90 % is in the first tier (0.5): 0.9 × 0.5 = 0.45 → 13 500.
    [InlineData(90, 13_500, 1)]
    public void Flat_tiers_apply_the_reached_rate_to_everything(int sql, int expected, int tier)
    {
        var curve = Curve.Flat(new Tier(0, 0.5m), new Tier(1, 1), new Tier(1.2m, 1.5m));

        var line = Pay(Assignment(30_000, Sql(curve)), Values((MetricKeys.Sql, sql))).Line("sql");

        Assert.Equal(expected, line.Amount);
        Assert.Equal(tier, line.Tier);
    }

    [Theory]
    // Table 80 % → 0.5, 100 % → 1, 150 % → 2.
    // 90 %: 0.5 + (0.9 − 0.8) × (1 − 0.5) / (1 − 0.8) = 0.75 → 30 000 × 0.75 = 22 500.
    [InlineData(90, 22_500)]
    // 125 %: 1 + (1.25 − 1) × (2 − 1) / (1.5 − 1) = 1.5 → 45 000.
    [InlineData(125, 45_000)]
    // Below the first point: 0.
    [InlineData(70, 0)]
    // Exactly at the first point: 0.5 → 15 000.
    [InlineData(80, 15_000)]
    // Beyond the last point: the last payout, 2 → 60 000.
    [InlineData(160, 60_000)]
    public void Interpolated_table_is_linear_between_points(int sql, int expected)
    {
        var curve = Curve.Interpolated(new CurvePoint(0.8m, 0.5m), new CurvePoint(1, 1), new CurvePoint(1.5m, 2));

        var line = Pay(Assignment(30_000, Sql(curve)), Values((MetricKeys.Sql, sql))).Line("sql");

        Assert.Equal(expected, line.Amount);
    }

    [Fact]
    public void Interpolated_formula_shows_the_segment()
    {
        var curve = Curve.Interpolated(new CurvePoint(0.8m, 0.5m), new CurvePoint(1, 1), new CurvePoint(1.5m, 2));

        var line = Pay(Assignment(30_000, Sql(curve)), Values((MetricKeys.Sql, 90))).Line("sql");

        Assert.Equal("a = 90 / 100 = 0.9; 30000 × 1 × (0.5 + (0.9 − 0.8) × (1 − 0.5) / (1 − 0.8)) = 22500", line.Formula);
    }

    [Theory]
    // CPL target 1 000 (lower is better), attainment = 2 − actual / target.
    // 800: 2 − 0.8 = 1.2 → 30 000 × 1.2 = 36 000.
    [InlineData(800, 1.2, 36_000)]
    // 1 000: exactly on target, 100 % → 30 000.
    [InlineData(1000, 1, 30_000)]
    // 1 500: 2 − 1.5 = 0.5 → 15 000.
    [InlineData(1500, 0.5, 15_000)]
    // 2 500: 2 − 2.5 < 0 → 0 %.
    [InlineData(2500, 0, 0)]
    // 0: 200 %.
    [InlineData(0, 2, 60_000)]
    public void Lower_is_better_attainment_mirrors_around_the_target(int cpl, double attainment, int expected)
    {
        var component = new AttainmentComponent { Id = "cpl", Metric = MetricKeys.Cpl, Target = 1000, Weight = 1 };

        var line = Pay(Assignment(30_000, component), Values((MetricKeys.Cpl, cpl))).Line("cpl");

        Assert.Equal((decimal)attainment, line.Attainment);
        Assert.Equal(expected, line.Amount);
    }

    [Theory]
    // Zero churn target (lower is better): met only at 0, and then it is 100 % → 30 000 × 1 × 1 = 30 000.
    [InlineData(0, 1, 30_000)]
    [InlineData(0.01, 0, 0)]
    public void A_zero_target_on_a_lower_is_better_metric_is_met_or_not(double churn, int attainment, int expected)
    {
        var component = new AttainmentComponent { Id = "churn", Metric = MetricKeys.ChurnRate, Target = 0, Weight = 1 };

        var line = Pay(Assignment(30_000, component), Values((MetricKeys.ChurnRate, (decimal)churn))).Line("churn");

        Assert.Equal(attainment, line.Attainment);
        Assert.Equal(expected, line.Amount);
    }

    [Fact]
    public void A_zero_target_on_a_higher_is_better_metric_is_refused_rather_than_divided_by()
    {
        var component = new AttainmentComponent { Id = "sql", Metric = MetricKeys.Sql, Target = 0, Weight = 1 };

        var error = Assert.Throws<ArgumentException>(() => Pay(Assignment(30_000, component), Values((MetricKeys.Sql, 10))));
        Assert.Contains("components[0].target", error.Message);
    }

    [Fact]
    public void Missing_value_pays_nothing_and_says_so()
    {
        var result = Pay(Assignment(30_000, SqlToWon()), Values((MetricKeys.Sql, 10)), locale: "ru");

        var line = result.Line("conv");
        Assert.Equal(0m, line.Amount);
        Assert.Equal(LineOutcome.MissingData, line.Outcome);
        Assert.Null(line.Actual);
        Assert.Equal("Конверсия SQL→сделка: нет данных за период — не начислено", Plain(line.Explanation));
        Assert.Equal(0m, result.Total);
    }

    [Fact]
    public void Zero_actual_is_data_not_missing()
    {
        var line = Pay(Assignment(30_000, SqlToWon()), Values((MetricKeys.CrSqlToWon, 0m))).Line("conv");

        Assert.Equal(LineOutcome.NotReached, line.Outcome);
        Assert.Equal(0m, line.Attainment);
    }
}
