using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Tests.Payouts;

namespace Saas.Engine.Tests.Plans;

/// <summary>Issue 21: multipliers that raise pay (a seasonal × 1.2, a kicker on a condition), capped, with their own line.</summary>
public class MultiplierTests
{
    private static readonly AttainmentComponent Revenue = new() { Id = "revenue", Metric = MetricKeys.Revenue, Target = 1_000_000m, Weight = 1m };

    private static readonly MultiplierComponent December = new() { Id = "december", Label = "December sale", Factor = 1.2m, Periods = ["2026-12"] };

    private static Assignment Sales(params Component[] components) => new()
    {
        Role = Role.SalesManager,
        TargetVariablePay = new TargetVariablePay { Amount = 10_000m },
        Components = [Revenue, .. components],
    };

    private static PlanDocument Plan(Assignment assignment) => new() { Name = "Sales", Currency = "RUB", Periods = ["2026-11", "2026-12"], Assignments = [assignment] };

    private static PayoutResult Pay(Assignment assignment, string period, MetricValues values, string locale = "en") =>
        Kit.Pay(assignment, values, locale, input => input with { Period = Period.Parse(period) });

    [Fact]
    public void A_seasonal_multiplier_raises_pay_in_its_months_only_on_a_line_of_its_own()
    {
        var sales = Sales(December);
        Assert.Empty(PlanValidator.Validate(Plan(sales)));
        var values = Kit.Values((MetricKeys.Revenue, 1_000_000m));

        var december = Pay(sales, "2026-12", values);
        var line = Assert.Single(december.Lines, l => l.Kind == PayoutLineKind.Multiplier);
        Assert.Equal((2_000m, 12_000m, 1.2m), (line.Amount, december.Total, line.Multiplier));
        Assert.Equal("10000 × (1.2 − 1) = 2000", line.Formula);
        Assert.Equal("Multiplier 'December sale' × 1.2: revenue: 10,000 RUB × 0.2 = 2,000 RUB", Kit.Plain(line.Explanation));

        var november = Pay(sales, "2026-11", values);
        Assert.DoesNotContain(november.Lines, l => l.Kind == PayoutLineKind.Multiplier);
        Assert.Equal(10_000m, november.Total);
    }

    [Fact]
    public void A_kicker_on_a_condition_pays_when_it_holds_and_says_why_not_when_it_does_not()
    {
        var kicker = new MultiplierComponent
        {
            Id = "sla_kicker",
            Factor = 1.1m,
            Condition = new MetricCondition(MetricKeys.FirstResponseCompliance, ComparisonOperator.AtLeast, 0.95m),
        };
        var sales = Sales(kicker);

        var met = Pay(sales, "2026-11", Kit.Values((MetricKeys.Revenue, 1_000_000m), (MetricKeys.FirstResponseCompliance, 0.97m)));
        Assert.Equal(11_000m, met.Total);

        var missed = Pay(sales, "2026-11", Kit.Values((MetricKeys.Revenue, 1_000_000m), (MetricKeys.FirstResponseCompliance, 0.9m)), "ru");
        var line = Assert.Single(missed.Lines, l => l.Kind == PayoutLineKind.Multiplier);
        Assert.Equal((LineOutcome.ConditionNotMet, 0m, 10_000m), (line.Outcome, line.Amount, missed.Total));
        Assert.Contains("не выполнено, не применяется", line.Explanation);

        var unmeasured = Pay(sales, "2026-11", Kit.Values((MetricKeys.Revenue, 1_000_000m)));
        Assert.Equal(LineOutcome.MissingData, Assert.Single(unmeasured.Lines, l => l.Kind == PayoutLineKind.Multiplier).Outcome);
    }

    [Fact]
    public void The_extra_is_capped_and_a_failing_gate_withholds_the_raised_pay()
    {
        var capped = Sales(December with { Factor = 1.5m, MaxPayout = PayAmount.Fixed(3_000m) });
        var result = Pay(capped, "2026-12", Kit.Values((MetricKeys.Revenue, 1_000_000m)));
        var line = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Multiplier);
        // 10 000 × 0.5 = 5 000, at most 3 000.
        Assert.Equal((3_000m, 13_000m, 1.3m, 1.5m), (line.Amount, result.Total, line.Multiplier, line.Rate));
        Assert.EndsWith("min(5000, 3000) = 3000", line.Formula);

        var gate = new GateComponent { Id = "sla", Metric = MetricKeys.FirstResponseCompliance, Operator = ComparisonOperator.AtLeast, Value = 0.9m, Factor = 0.5m };
        var gated = Pay(Sales(December, gate), "2026-12", Kit.Values((MetricKeys.Revenue, 1_000_000m), (MetricKeys.FirstResponseCompliance, 0.8m)));
        // 12 000 raised, half withheld: 6 000.
        Assert.Equal((-6_000m, 6_000m), (Assert.Single(gated.Lines, l => l.Kind == PayoutLineKind.Gate).Amount, gated.Total));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.8)]
    [InlineData(11.0)]
    public void A_factor_that_does_not_raise_pay_or_raises_it_more_than_tenfold_is_refused(double factor)
    {
        var errors = PlanValidator.Validate(Plan(Sales(December with { Factor = (decimal)factor })));
        Assert.Contains(errors, e => e.Path == "assignments[0].components[1].factor" && e.Code == "out_of_range");
    }

    [Fact]
    public void Its_months_are_the_plans_and_it_raises_paying_components_only()
    {
        Assert.Contains(PlanValidator.Validate(Plan(Sales(December with { Periods = ["2027-01"] }))),
            e => e.Path == "assignments[0].components[1].periods[0]" && e.Code == "unknown_period");
        var gate = new GateComponent { Id = "sla", Metric = MetricKeys.FirstResponseCompliance, Operator = ComparisonOperator.AtLeast, Value = 0.9m };
        Assert.Contains(PlanValidator.Validate(Plan(Sales(gate, December with { AppliesTo = ["sla"] }))),
            e => e.Path == "assignments[0].components[2].appliesTo[0]" && e.Code == "not_paying");
    }

    [Fact]
    public void A_plan_with_a_multiplier_reads_back_as_written()
    {
        var json = PlanJson.Serialize(Plan(Sales(December)));

        Assert.Contains("{\"kind\":\"multiplier\",\"id\":\"december\",\"label\":\"December sale\",\"factor\":1.2,\"periods\":[\"2026-12\"]}", json);
        Assert.Equal(json, PlanJson.Serialize(PlanJson.Deserialize(json)));
    }

    [Fact]
    public void Multipliers_multiply_one_another_and_an_assignment_has_at_most_five()
    {
        var kicker = new MultiplierComponent { Id = "kicker", Factor = 1.1m };
        var result = Pay(Sales(December, kicker), "2026-12", Kit.Values((MetricKeys.Revenue, 1_000_000m)));
        // 10 000 × 1.2 = 12 000, × 1.1 = 13 200.
        Assert.Equal((2_000m, 1_200m, 13_200m), (result.Lines.Single(l => l.ComponentId == "december").Amount,
            result.Lines.Single(l => l.ComponentId == "kicker").Amount, result.Total));

        var six = Enumerable.Range(1, 6).Select(i => (Component)new MultiplierComponent { Id = $"m{i}", Factor = 1.1m }).ToArray();
        Assert.Contains(PlanValidator.Validate(Plan(Sales(six))), e => e.Path == "assignments[0].components" && e.Code == "too_many_multipliers");
        Assert.Contains(PlanValidator.Validate(Plan(Sales(December, kicker with { AppliesTo = ["december"] }))),
            e => e.Path == "assignments[0].components[2].appliesTo[0]" && e.Code == "not_paying");
    }

    [Fact]
    public void Nothing_earned_is_nothing_to_raise()
    {
        var line = Assert.Single(Pay(Sales(December), "2026-12", Kit.Values((MetricKeys.Revenue, 0m))).Lines, l => l.Kind == PayoutLineKind.Multiplier);
        Assert.Equal((LineOutcome.NotReached, 0m), (line.Outcome, line.Amount));
        Assert.Contains("nothing earned to raise", line.Explanation);
    }
}

