using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class GatePayoutTests
{
    // Target bonus 30 000. Attainment on SQL, plan 100, weight 1; step +5 % per 10 SQL above plan.
    // At 110 SQL: 30 000 × 1.1 = 33 000 and one step 30 000 × 0.05 = 1 500; together 34 500.
    private static readonly AttainmentComponent Sql = new() { Id = "sql", Metric = MetricKeys.Sql, Target = 100, Weight = 1 };
    private static readonly StepComponent Slide = new() { Id = "slide", Metric = MetricKeys.Sql, Target = 100, Every = 10, Rate = 0.05m };

    private static GateComponent Sla(decimal factor = 0, IReadOnlyList<string>? appliesTo = null) => new()
    {
        Id = "sla",
        Metric = MetricKeys.FirstResponseCompliance,
        Operator = ComparisonOperator.AtLeast,
        Value = 0.9m,
        Factor = factor,
        AppliesTo = appliesTo,
    };

    private static PayoutResult Run(GateComponent gate, decimal? compliance, decimal sql = 110, string locale = "en")
    {
        var values = new List<(string, decimal)> { (MetricKeys.Sql, sql) };
        if (compliance is { } c)
            values.Add((MetricKeys.FirstResponseCompliance, c));
        return Pay(Assignment(30_000, Sql, Slide, gate), Values([.. values]), locale);
    }

    [Theory]
    // SLA 95 % ≥ 90 %: passes; the gate line is 0 and the total stays 34 500.
    [InlineData(0.95, 34_500, LineOutcome.Passed)]
    // Exactly 90 % passes.
    [InlineData(0.90, 34_500, LineOutcome.Passed)]
    // 85 % fails: everything withheld, 34 500 × (0 − 1) = −34 500.
    [InlineData(0.85, 0, LineOutcome.ConditionNotMet)]
    public void Sla_gate_zeroes_the_bonus_when_compliance_is_below_90_percent(double compliance, int total, LineOutcome outcome)
    {
        var result = Run(Sla(), (decimal)compliance);

        var gate = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Gate);
        Assert.Equal(outcome, gate.Outcome);
        Assert.Equal(total - 34_500, gate.Amount);
        Assert.Equal(total, result.Total);
    }

    [Fact]
    public void Failed_gate_is_its_own_line_with_the_withheld_amount()
    {
        var result = Pay(Assignment(30_000, Sql, Slide, Sla()),
            Values((MetricKeys.Sql, 135), (MetricKeys.FirstResponseCompliance, 0.85m)), "ru");

        // SQL 135: 30 000 × 1.35 = 40 500, step 3 × 1 500 = 4 500; withheld (40 500 + 4 500) = 45 000.
        var gate = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Gate);
        Assert.Equal(-45_000m, gate.Amount);
        Assert.Equal("0.85 < 0.9 → (40500 + 4500) × (0 − 1) = -45000", gate.Formula);
        Assert.Equal("Условие «Первый ответ в срок (SLA) ≥ 90 %»: 85 % — не выполнено, не выплачиваются: sql, slide: 45 000 ₽ × 0 - 45 000 ₽ = -45 000 ₽",
            Plain(gate.Explanation));
        Assert.Equal(45_000m, result.TotalBeforeCaps);
        Assert.Equal(0m, result.Total);
    }

    [Fact]
    public void A_scaling_gate_keeps_its_factor_of_the_components_it_names()
    {
        // Applies to "sql" only, factor 0.5: SQL 135 → 40 500 × (0.5 − 1) = −20 250; the step's 4 500 is untouched.
        var result = Pay(Assignment(30_000, Sql, Slide, Sla(0.5m, ["sql"])),
            Values((MetricKeys.Sql, 135), (MetricKeys.FirstResponseCompliance, 0.5m)));

        Assert.Equal(-20_250m, Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Gate).Amount);
        Assert.Equal(20_250m + 4_500m, result.Total);
    }

    [Fact]
    public void Missing_gate_metric_counts_as_failed()
    {
        var result = Run(Sla(), null);

        var gate = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Gate);
        Assert.Equal(LineOutcome.MissingData, gate.Outcome);
        Assert.Equal(0m, result.Total);
        Assert.Contains("no data — counted as not met", gate.Explanation);
    }

    [Fact]
    public void Two_gates_apply_one_after_the_other()
    {
        // Reason coverage 100 % required (every disqualified lead has a reason): 0.8 fails with factor 0.5,
        // SQL 110 → 33 000 × (0.5 − 1) = −16 500. Then SLA 0.85 fails, factor 0.5 → 16 500 × (0.5 − 1) = −8 250. Left: 8 250.
        var reasons = new GateComponent
        {
            Id = "reasons",
            Metric = MetricKeys.DisqualificationReasonCoverage,
            Operator = ComparisonOperator.AtLeast,
            Value = 1,
            Factor = 0.5m,
        };
        var result = Pay(Assignment(30_000, Sql, reasons, Sla(0.5m)),
            Values((MetricKeys.Sql, 110), (MetricKeys.DisqualificationReasonCoverage, 0.8m), (MetricKeys.FirstResponseCompliance, 0.85m)));

        Assert.Equal([-16_500m, -8_250m], result.Lines.Where(l => l.Kind == PayoutLineKind.Gate).Select(l => l.Amount));
        Assert.Equal(8_250m, result.Total);
    }
}

public class TeamPayoutTests
{
    // Marketing and sales share MQL→SQL conversion: group target 25 %, the group reached 30 % = 120 %.
    private static TeamComponent Shared(decimal weight) => new()
    {
        Id = "mql_sql",
        Group = "funnel",
        Metric = MetricKeys.CrMqlToSql,
        Target = 0.25m,
        Weight = weight,
    };

    private static PayoutLine Member(decimal targetPay, decimal weight, MetricValues? group) =>
        Pay(Assignment(targetPay, Shared(weight)), Values((MetricKeys.CrMqlToSql, 0.99m)),
            more: input => input with
            {
                GroupActuals = group is null ? new Dictionary<string, MetricValues>() : new Dictionary<string, MetricValues> { ["funnel"] = group },
            }).Line("mql_sql");

    [Fact]
    public void Each_member_is_paid_on_the_group_value_by_their_own_weight()
    {
        var group = Values((MetricKeys.CrMqlToSql, 0.30m));

        // Marketer: 50 000 × 0.2 × 1.2 = 12 000. Sales manager: 40 000 × 0.3 × 1.2 = 14 400.
        // (The member's own 99 % conversion is ignored: the KPI is the group's.)
        Assert.Equal(12_000m, Member(50_000, 0.2m, group).Amount);
        Assert.Equal(14_400m, Member(40_000, 0.3m, group).Amount);
    }

    [Fact]
    public void Team_line_names_the_group()
    {
        var line = Member(50_000, 0.2m, Values((MetricKeys.CrMqlToSql, 0.30m)));

        Assert.Equal("Team KPI 'funnel': MQL→SQL conversion 30% against a target of 25%: attainment 120%, weight 20%, 50,000 × 0.2 × 1.20 = 12,000 RUB",
            line.Explanation);
    }

    [Fact]
    public void Missing_group_values_pay_nothing()
    {
        var line = Member(50_000, 0.2m, null);

        Assert.Equal(LineOutcome.MissingData, line.Outcome);
        Assert.Equal(0m, line.Amount);
    }
}

public class SpifPayoutTests
{
    // Black Friday: 20–30 November, 10 000 for at least 5 deals won in those days.
    private static SpifComponent BlackFriday(DateOnly? to = null, decimal? target = 5, PayAmount? bonus = null, decimal? perUnit = null,
        string metric = MetricKeys.DealsWon) => new()
        {
            Id = "bf",
            Metric = metric,
            From = new DateOnly(2026, 11, 20),
            To = to ?? new DateOnly(2026, 11, 30),
            Target = target,
            Bonus = perUnit is null ? bonus ?? PayAmount.Fixed(10_000) : null,
            PerUnit = perUnit,
        };

    private static PayoutResult Run(SpifComponent spif, MetricValues? window, MetricValues? period = null, string locale = "en") =>
        Pay(Assignment(30_000, spif), period, locale, input => input with
        {
            SpifActuals = window is null ? new Dictionary<string, MetricValues>() : new Dictionary<string, MetricValues> { ["bf"] = window },
        });

    [Theory]
    // 5 deals in the window: target reached exactly → 10 000.
    [InlineData(5, 10_000)]
    // 4 deals: not reached → 0.
    [InlineData(4, 0)]
    public void Pays_the_bonus_when_the_window_reaches_the_target(int deals, int expected) =>
        Assert.Equal(expected, Run(BlackFriday(), Values((MetricKeys.DealsWon, deals))).Line("bf").Amount);

    [Fact]
    public void Per_unit_spif()
    {
        // 12 SQL in the window × 500 = 6 000 (no target).
        var line = Run(BlackFriday(target: null, perUnit: 500, metric: MetricKeys.Sql), Values((MetricKeys.Sql, 12)), locale: "ru").Line("bf");

        Assert.Equal(6_000m, line.Amount);
        Assert.Equal("Спецбонус 20.11.2026–30.11.2026: SQL 12: 12 × 500 ₽ = 6 000 ₽", Plain(line.Explanation));
    }

    [Fact]
    public void A_spif_ending_in_a_later_period_shows_no_line_yet()
    {
        var result = Run(BlackFriday(to: new DateOnly(2026, 12, 5)), Values((MetricKeys.DealsWon, 9)));

        Assert.DoesNotContain(result.Lines, l => l.ComponentId == "bf");
        Assert.Equal(0m, result.Total);
    }

    [Fact]
    public void A_spif_spanning_exactly_the_period_uses_the_period_values()
    {
        var spif = BlackFriday() with { From = new DateOnly(2026, 11, 1) };

        Assert.Equal(10_000m, Run(spif, null, Values((MetricKeys.DealsWon, 6))).Line("bf").Amount);
    }

    [Fact]
    public void A_partial_window_without_its_values_pays_nothing()
    {
        // Period values exist, but they are not the window's.
        var line = Run(BlackFriday(), null, Values((MetricKeys.DealsWon, 6))).Line("bf");

        Assert.Equal(LineOutcome.MissingData, line.Outcome);
        Assert.Equal(0m, line.Amount);
    }
}
