using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class CapTests
{
    private static AttainmentComponent Sql(PayAmount? max = null) => new()
    {
        Id = "sql",
        Metric = MetricKeys.Sql,
        Target = 100,
        Weight = 1,
        MaxPayout = max,
    };

    [Fact]
    public void A_component_cap_is_its_own_negative_line()
    {
        // 150 SQL: 30 000 × 1.5 = 45 000, capped at 40 000 → cap line −5 000.
        var result = Pay(Assignment(30_000, Sql(PayAmount.Fixed(40_000))), Values((MetricKeys.Sql, 150)), "ru");

        Assert.Equal(45_000m, result.Line("sql").Amount);
        var cap = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.ComponentCap);
        Assert.Equal("sql", cap.ComponentId);
        Assert.Equal(-5_000m, cap.Amount);
        Assert.Equal("min(45000, 40000) − 45000 = -5000", cap.Formula);
        Assert.Equal("Потолок «sql»: не более 40 000 ₽; 45 000 ₽ → 40 000 ₽: -5 000 ₽", Plain(cap.Explanation));
        Assert.Equal(45_000m, result.TotalBeforeCaps);
        Assert.Equal(40_000m, result.Total);
    }

    [Fact]
    public void A_cap_as_share_of_target()
    {
        // Cap 1.2 × 30 000 = 36 000; 150 SQL earns 45 000 → −9 000.
        var result = Pay(Assignment(30_000, Sql(PayAmount.TargetShare(1.2m))), Values((MetricKeys.Sql, 150)));

        Assert.Equal(-9_000m, Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.ComponentCap).Amount);
        Assert.Equal(36_000m, result.Total);
    }

    [Fact]
    public void Exactly_at_the_cap_adds_no_line()
    {
        // 120 SQL → 30 000 × 1.2 = 36 000, exactly the 36 000 cap: nothing to cut.
        var result = Pay(Assignment(30_000, Sql(PayAmount.Fixed(36_000))), Values((MetricKeys.Sql, 120)));

        Assert.DoesNotContain(result.Lines, l => l.Kind == PayoutLineKind.ComponentCap);
        Assert.Equal(36_000m, result.Total);
    }

    [Fact]
    public void The_total_cap_applies_after_gates_to_all_variable_pay()
    {
        // Attainment 150 SQL → 45 000; 60 leads × 200 = 12 000. Sum 57 000; total cap 1.5 × 30 000 = 45 000 → −12 000.
        var perLead = new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 200 };
        var assignment = Assignment(30_000, Sql(), perLead) with { MaxVariablePay = PayAmount.TargetShare(1.5m) };

        var result = Pay(assignment, Values((MetricKeys.Sql, 150), (MetricKeys.Leads, 60)));

        var cap = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.TotalCap);
        Assert.Equal(-12_000m, cap.Amount);
        Assert.Equal("min(57000, 30000 × 1.5) − 57000 = -12000", cap.Formula);
        Assert.Equal(57_000m, result.TotalBeforeCaps);
        Assert.Equal(45_000m, result.Total);
    }
}

public class ProrationTests
{
    private static readonly AttainmentComponent Sql = new() { Id = "sql", Metric = MetricKeys.Sql, Target = 100, Weight = 1 };

    [Fact]
    public void A_version_in_force_20_of_30_days_pays_two_thirds_as_its_own_line()
    {
        // 150 SQL → 45 000; 45 000 × 20 / 30 = 30 000, so the proration line is −15 000.
        var result = Pay(Assignment(30_000, Sql), Values((MetricKeys.Sql, 150)), "ru",
            input => input with { Proration = Proration.For(November, new DateOnly(2026, 11, 11)) });

        var line = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Proration);
        Assert.Equal(-15_000m, line.Amount);
        Assert.Equal("45000 × 20 / 30 − 45000 = -15000", line.Formula);
        Assert.Equal("План действовал 20 из 30 дн. периода 2026-11: 45 000 ₽ × 20/30 = 30 000 ₽, -15 000 ₽", Plain(line.Explanation));
        Assert.Equal(30_000m, result.Total);
    }

    [Fact]
    public void Proration_applies_to_the_capped_total()
    {
        // 200 SQL → 60 000, total cap 45 000 (−15 000), then 10 of 30 days: 45 000 × 10 / 30 = 15 000 (−30 000).
        var assignment = Assignment(30_000, Sql) with { MaxVariablePay = PayAmount.Fixed(45_000) };

        var result = Pay(assignment, Values((MetricKeys.Sql, 200)), more: input => input with { Proration = new Proration(10, 30) });

        Assert.Equal([-15_000m, -30_000m],
            result.Lines.Where(l => l.Kind is PayoutLineKind.TotalCap or PayoutLineKind.Proration).Select(l => l.Amount));
        Assert.Equal(15_000m, result.Total);
    }

    [Theory]
    // Version active from 11 November to the end: 20 of 30 days.
    [InlineData("2026-11-11", null, 20)]
    // Active until (excluding) 11 November: 10 of 30.
    [InlineData("2026-10-01", "2026-11-11", 10)]
    // Active before and after the whole period: 30 of 30.
    [InlineData("2026-01-01", "2027-01-01", 30)]
    // Activated after the period: 0.
    [InlineData("2026-12-05", null, 0)]
    public void Proration_counts_the_days_of_the_period_in_force(string from, string? to, int days)
    {
        var proration = Proration.For(November, DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to));

        Assert.Equal(days, proration.ActiveDays);
        Assert.Equal(30, proration.PeriodDays);
    }

    [Fact]
    public void Impossible_day_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Proration(31, 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Proration(1, 0));
    }
}

public class RoundingTests
{
    private static PerUnitComponent PerUnit(string id, string metric, decimal rate) => new() { Id = id, Metric = metric, Rate = rate };

    [Fact]
    public void Only_the_total_is_rounded()
    {
        // Two lines of 1 × 10.004: each would round to 10.00 (20.00), but the total 20.008 rounds to 20.01.
        var result = Pay(Assignment(0, PerUnit("a", MetricKeys.Leads, 10.004m), PerUnit("b", MetricKeys.Mql, 10.004m)),
            Values((MetricKeys.Leads, 1), (MetricKeys.Mql, 1)));

        Assert.Equal(10.004m, result.Line("a").Amount);
        Assert.Equal(10.004m, result.Line("b").Amount);
        Assert.Equal(20.008m, result.TotalUnrounded);
        Assert.Equal(20.01m, result.Total);
        var rounding = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Rounding);
        Assert.Equal(0.002m, rounding.Amount);
        Assert.Equal("round(20.008, 2) − 20.008 = 0.002", rounding.Formula);
        Assert.Equal("Total rounded to 0.01 RUB: 20.008 → 20.01 RUB", rounding.Explanation);
        Assert.Equal(result.Total, result.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Half_a_kopeck_rounds_away_from_zero()
    {
        // 1 × 0.005 → 0.01.
        var result = Pay(Assignment(0, PerUnit("a", MetricKeys.Leads, 0.005m)), Values((MetricKeys.Leads, 1)));

        Assert.Equal(0.01m, result.Total);
    }

    [Fact]
    public void Yen_rounds_to_whole_units()
    {
        // 3 × 33.5 = 100.5 JPY → 101.
        var result = Pay(Assignment(0, PerUnit("a", MetricKeys.Leads, 33.5m)), Values((MetricKeys.Leads, 3)),
            more: input => input with { Currency = "JPY" });

        Assert.Equal(101m, result.Total);
        Assert.Equal(0.5m, Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Rounding).Amount);
    }

    [Fact]
    public void A_total_already_in_kopecks_adds_no_rounding_line()
    {
        var result = Pay(Assignment(0, PerUnit("a", MetricKeys.Leads, 300)), Values((MetricKeys.Leads, 3)));

        Assert.DoesNotContain(result.Lines, l => l.Kind == PayoutLineKind.Rounding);
        Assert.Equal(900m, result.Total);
    }

    [Fact]
    public void The_displayed_amount_is_rounded_but_the_line_is_not()
    {
        // 7 × 33.3345 = 233.3415: the text shows 233,34 ₽, the line keeps 233.3415.
        var result = Pay(Assignment(0, PerUnit("a", MetricKeys.Leads, 33.3345m)), Values((MetricKeys.Leads, 7)), "ru");

        var line = result.Line("a");
        Assert.Equal(233.3415m, line.Amount);
        Assert.EndsWith("= 233,34 ₽", Plain(line.Explanation));
        Assert.Equal(233.34m, result.Total);
    }
}

public class AdjustmentAndOverrideTests
{
    [Fact]
    public void A_negative_adjustment_is_a_line_before_rounding()
    {
        // 10 leads × 300 = 3 000, adjustment −1 000.50 → 1 999.50.
        var result = Pay(Assignment(0, new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 300 }),
            Values((MetricKeys.Leads, 10)), more: input => input with { Adjustments = [new PayoutAdjustment(-1_000.5m, "duplicate lead")] });

        var adjustment = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Adjustment);
        Assert.Equal(-1_000.5m, adjustment.Amount);
        Assert.Equal("Adjustment: duplicate lead: −1,000.50 RUB", adjustment.Explanation);
        Assert.Equal(1_999.5m, result.Total);
    }

    [Fact]
    public void A_clawback_takes_back_commission_of_an_earlier_period_and_may_leave_the_total_negative()
    {
        // 2 leads × 300 = 600 earned now; 1 500 paid on D7 in October taken back: 600 − 1 500 = −900.
        var result = Pay(Assignment(0, new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 300 }),
            Values((MetricKeys.Leads, 2)), more: input => input with { Clawbacks = [new PayoutClawback("D7", "2026-10", 1_500m, "refunded in full")] });

        var clawback = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Clawback);
        Assert.Equal((-1_500m, "D7"), (clawback.Amount, clawback.DealId));
        Assert.Equal("Commission on deal D7 paid for 2026-10 taken back: refunded in full: -1,500 RUB", Plain(clawback.Explanation));
        Assert.Equal(-900m, result.Total);
    }

    [Fact]
    public void A_december_override_raises_the_weight_of_sql_conversion()
    {
        // November: conversion 0.6, SQL 0.4. December override: 0.7 and 0.3.
        // Conversion 22 % of 20 % = 1.1, SQL 100 of 100 = 1. Target 30 000.
        // November: 30 000 × 0.6 × 1.1 + 30 000 × 0.4 × 1 = 19 800 + 12 000 = 31 800.
        // December: 30 000 × 0.7 × 1.1 + 30 000 × 0.3 × 1 = 23 100 + 9 000 = 32 100.
        var assignment = Assignment(30_000,
            new AttainmentComponent { Id = "conv", Metric = MetricKeys.CrSqlToWon, Target = 0.2m, Weight = 0.6m },
            new AttainmentComponent { Id = "sql", Metric = MetricKeys.Sql, Target = 100, Weight = 0.4m }) with
        {
            Overrides =
            [
                new ComponentOverride { Period = "2026-12", Component = "conv", Weight = 0.7m },
                new ComponentOverride { Period = "2026-12", Component = "sql", Weight = 0.3m },
            ],
        };
        var values = Values((MetricKeys.CrSqlToWon, 0.22m), (MetricKeys.Sql, 100));

        var november = Pay(assignment, values);
        var december = Pay(assignment, values, "ru", input => input with { Period = Period.Parse("2026-12") });

        Assert.Equal(31_800m, november.Total);
        Assert.False(november.Line("conv").Overridden);
        Assert.Equal(32_100m, december.Total);
        Assert.True(december.Line("conv").Overridden);
        Assert.EndsWith("(сезонная настройка на 2026-12)", december.Line("conv").Explanation);
    }

    [Fact]
    public void Target_pay_as_share_of_the_employees_own_base_salary()
    {
        // Reference base 100 000, employee's own 120 000, 30 % → 36 000; 100 % on SQL → 36 000.
        var assignment = Assignment(0, new AttainmentComponent { Id = "sql", Metric = MetricKeys.Sql, Target = 100, Weight = 1 }) with
        {
            BaseSalary = 100_000,
            TargetVariablePay = new TargetVariablePay { OfBase = 0.3m },
        };

        var reference = Pay(assignment, Values((MetricKeys.Sql, 100)));
        var own = Pay(assignment, Values((MetricKeys.Sql, 100)), more: input => input with { BaseSalary = 120_000 });

        Assert.Equal(30_000m, reference.Total);
        Assert.Equal("100000 × 0.3 = 30000", reference.TargetFormula);
        Assert.Equal(36_000m, own.Total);
    }

    [Fact]
    public void An_invalid_assignment_is_refused_with_its_errors()
    {
        var broken = Assignment(30_000, new AttainmentComponent { Id = "sql", Metric = "sqls", Target = 100, Weight = 1 });

        var error = Assert.Throws<ArgumentException>(() => Pay(broken, Values((MetricKeys.Sql, 100))));
        Assert.Contains("components[0].metric", error.Message);
    }
}
