using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using static Saas.Engine.Tests.Review.ReviewKit;

namespace Saas.Engine.Tests.Review;

public class ConversionNotGrowingTests
{
    // SQL→deal conversion 15 % in 2026-11 after 16 % in 2026-10, target 20 %: below target (75 %) and not growing.
    private static readonly ReviewSubject Stalled = Subject(OnPlan((MetricKeys.CrSqlToWon, 0.15m)), OnPlan((MetricKeys.CrSqlToWon, 0.16m)));

    [Fact]
    public void A_stalled_conversion_weighs_ten_points_more_taken_in_proportion_from_the_others()
    {
        var plan = Plan();
        var review = Run(plan, Stalled);

        // Raise 0.3 → 0.4 = 10 units of 1 %. Donors: revenue 0.5, funnel 0.2 (sum 0.7).
        // Shares: 10 × 0.5 / 0.7 = 7.142857, 10 × 0.2 / 0.7 = 2.857143 → floors 7 + 2 = 9, the last unit to the larger
        // remainder (funnel, 0.857): revenue 0.5 − 0.07 = 0.43, funnel 0.2 − 0.03 = 0.17; 0.43 + 0.4 + 0.17 = 1.
        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal("sql_to_won", raise.ComponentId);
        Assert.Equal(ProposalScope.NextPeriod, raise.AppliesTo);
        Assert.Equal("2026-12", raise.Period);
        Assert.Equal(("weight", 0.3m, 0.4m), (raise.Field, raise.From, raise.To));
        Assert.Equal(
            [("sql_to_won", 0.4m), ("revenue", 0.43m), ("funnel", 0.17m)],
            raise.Overrides.Select(o => (o.Component, o.Weight!.Value)));
        Assert.All(raise.Overrides, o => Assert.Equal("2026-12", o.Period));

        var finding = Assert.Single(review.Findings, f => f.Code == "conversion_not_growing");
        Assert.Equal((0.15m, 0.16m, 0.75m), (finding.Actual, finding.PreviousActual, finding.Attainment));

        Assert.Equal(
            "Sales manager (Иван): 'SQL→deal conversion' is not growing: 15% in 2026-11 against 16% in 2026-10, with a target of 20%. " +
            "Raise its weight for 2026-12 from 30% to 40%, taken from the other KPIs in proportion to their weights (none below 5%): " +
            "'Revenue' 50% → 43%; 'MQL→SQL conversion' 20% → 17%.",
            Plain(raise.Message));

        var applied = AssertAppliesCleanly(plan, review);
        Assert.Equal(0.4m, ((AttainmentComponent)Effective(applied, "2026-12", "sql_to_won")).Weight);
        Assert.Equal(0.3m, ((AttainmentComponent)Effective(applied, "2026-11", "sql_to_won")).Weight);
    }

    [Fact]
    public void A_sales_role_also_gets_the_follow_up_bonus_on_deals_above_plan()
    {
        var review = Run(Plan(), Stalled);

        // The plan of deals is the step's target for 2026-12: 10. 2 % of the target bonus per deal above it, at most 10.
        var bonus = Assert.Single(review.Proposals, p => p.Code == "follow_up_bonus");
        Assert.Equal("conversion_not_growing", bonus.Rule);
        Assert.Null(bonus.ComponentId);
        Assert.Empty(bonus.Overrides);
        var step = Assert.IsType<StepComponent>(bonus.AddComponent);
        Assert.Equal(("follow_up_bonus", MetricKeys.DealsWon, 10m, 1m, 0.02m, (int?)10),
            (step.Id, step.Metric, step.Target, step.Every, step.Rate, step.MaxSteps));
        Assert.Contains("deals closed from SQL of earlier periods", bonus.Message);
        Assert.Contains("no \"cold SQL\" metric", bonus.Message);

        var applied = AssertAppliesCleanly(Plan(), review);
        Assert.Contains(applied.Assignments[0].Components, c => c.Id == "follow_up_bonus");

        // Once adopted, a second review does not offer it again.
        Assert.DoesNotContain(Run(applied, Stalled).Proposals, p => p.Code == "follow_up_bonus");
    }

    [Fact]
    public void A_growing_conversion_or_one_on_target_is_left_alone()
    {
        // 17 % after 16.5 %: below target (85 %) but growing.
        var growing = Run(Plan(), Subject(OnPlan((MetricKeys.CrSqlToWon, 0.17m)), OnPlan((MetricKeys.CrSqlToWon, 0.165m))));
        // 20 % after 21 %: fell, but on target.
        var onTarget = Run(Plan(), Subject(OnPlan((MetricKeys.CrSqlToWon, 0.2m)), OnPlan((MetricKeys.CrSqlToWon, 0.21m))));
        // No previous value: cannot say it did not grow.
        var unknown = Run(Plan(), Subject(OnPlan((MetricKeys.CrSqlToWon, 0.15m)), OnPlan().Without(MetricKeys.CrSqlToWon)));

        foreach (var review in new[] { growing, onTarget, unknown })
        {
            Assert.Empty(review.Proposals);
            Assert.DoesNotContain(review.Findings, f => f.Code == "conversion_not_growing");
        }
    }

    [Fact]
    public void Donors_keep_at_least_five_percent_and_the_raise_shrinks_to_what_they_can_give()
    {
        // Weights for 2026-12: sql_to_won 0.87, revenue 0.07, funnel 0.06. Donors can give 0.07 − 0.05 = 2 units and
        // 0.06 − 0.05 = 1 unit: the raise is 3 units, 0.87 → 0.90, revenue 0.05, funnel 0.05.
        var plan = Plan(null,
            new ComponentOverride { Period = "2026-12", Component = "sql_to_won", Weight = 0.87m },
            new ComponentOverride { Period = "2026-12", Component = "revenue", Weight = 0.07m },
            new ComponentOverride { Period = "2026-12", Component = "funnel", Weight = 0.06m });
        var review = Run(plan, Stalled);

        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal([("sql_to_won", 0.9m), ("revenue", 0.05m), ("funnel", 0.05m)], raise.Overrides.Select(o => (o.Component, o.Weight!.Value)));
        AssertAppliesCleanly(plan, review);
    }

    [Fact]
    public void A_proposal_merges_with_an_override_the_next_period_already_has()
    {
        var plan = Plan(null, new ComponentOverride { Period = "2026-12", Component = "revenue", Target = 1_200_000m });
        var applied = AssertAppliesCleanly(plan, Run(plan, Stalled));

        var merged = Assert.Single(applied.Assignments[0].Overrides, o => o.Component == "revenue");
        Assert.Equal((1_200_000m, 0.43m), (merged.Target, merged.Weight));
    }

    [Fact]
    public void A_cap_based_target_raise_wins_over_giving_weight()
    {
        // Revenue at cap in both periods (160 %, 150 % ≥ cap 150 %): its target rises, so it gives no weight.
        // The only donor left is funnel 0.2: it gives all 10 units, 0.2 → 0.1.
        var review = Run(Plan(), Subject(
            OnPlan((MetricKeys.CrSqlToWon, 0.15m), (MetricKeys.Revenue, 1_600_000m)),
            OnPlan((MetricKeys.CrSqlToWon, 0.16m), (MetricKeys.Revenue, 1_500_000m))));

        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal([("sql_to_won", 0.4m), ("funnel", 0.1m)], raise.Overrides.Select(o => (o.Component, o.Weight!.Value)));
        Assert.Single(review.Proposals, p => p.Code == "paid_at_cap_twice" && p.ComponentId == "revenue");
        Assert.Equal(review.Proposals.Count, review.Proposals.Select(p => p.ComponentId).Distinct().Count());
        AssertAppliesCleanly(Plan(), review);
    }
}
