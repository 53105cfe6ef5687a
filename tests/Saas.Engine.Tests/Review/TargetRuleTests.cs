using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Review.ReviewKit;

namespace Saas.Engine.Tests.Review;

public class TargetRuleTests
{
    [Fact]
    public void Paid_at_cap_twice_raises_the_target_to_the_average_actual_at_most_30_percent()
    {
        var plan = Plan();
        var review = Run(plan, Subject(
            OnPlan((MetricKeys.Revenue, 1_600_000m), (MetricKeys.CrSqlToWon, 0.25m)),
            OnPlan((MetricKeys.Revenue, 1_500_000m), (MetricKeys.CrSqlToWon, 0.24m))));

        // Revenue: 160 % and 150 %, both ≥ the 150 % cap. Average (1 600 000 + 1 500 000) / 2 = 1 550 000, but at most
        // 1 000 000 × 1.3 = 1 300 000.
        var revenue = Assert.Single(review.Proposals, p => p.ComponentId == "revenue");
        Assert.Equal(("paid_at_cap_twice", "target", 1_000_000m, 1_300_000m), (revenue.Code, revenue.Field, revenue.From, revenue.To));
        Assert.Equal(1_300_000m, Assert.Single(revenue.Overrides).Target);

        // Conversion: 125 % and 120 %, both ≥ the 120 % cap. Average (0.25 + 0.24) / 2 = 0.245, under 0.2 × 1.3 = 0.26.
        var conversion = Assert.Single(review.Proposals, p => p.ComponentId == "sql_to_won");
        Assert.Equal(("paid_at_cap_twice", 0.2m, 0.245m), (conversion.Code, conversion.From, conversion.To));

        Assert.Equal(
            "Sales manager (Иван): 'Revenue' reached its cap two periods in a row: 2026-10 — 1,500,000 RUB against a target of 1,000,000 RUB, " +
            "2026-11 — 1,600,000 RUB against a target of 1,000,000 RUB. The target is too easy: make it harder for 2026-12: from 1,000,000 RUB " +
            "to 1,300,000 RUB, toward the two periods' average actual of 1,550,000 RUB, by at most 30% per step.",
            Plain(revenue.Message));

        var applied = AssertAppliesCleanly(plan, review);
        Assert.Equal(1_300_000m, ((AttainmentComponent)Effective(applied, "2026-12", "revenue")).Target);
    }

    [Fact]
    public void Paid_at_cap_once_changes_nothing()
    {
        var review = Run(Plan(), Subject(OnPlan((MetricKeys.Revenue, 1_600_000m)), OnPlan((MetricKeys.Revenue, 1_400_000m))));
        Assert.Empty(review.Proposals);
    }

    [Fact]
    public void A_step_bonus_at_its_max_steps_twice_counts_as_capped()
    {
        // Deals 17 and 16 against a plan of 10, one step per deal, at most 6 steps: 7 and 6 full steps ≥ 6.
        // Average 16.5, at most 10 × 1.3 = 13 → 13.
        var review = Run(Plan(), Subject(OnPlan((MetricKeys.DealsWon, 17m)), OnPlan((MetricKeys.DealsWon, 16m))));
        var step = Assert.Single(review.Proposals, p => p.ComponentId == "deals_over_plan");
        Assert.Equal(("paid_at_cap_twice", 10m, 13m), (step.Code, step.From, step.To));
        AssertAppliesCleanly(Plan(), review);
    }

    [Fact]
    public void Total_capped_twice_makes_the_beaten_targets_ten_percent_harder()
    {
        // Cap on the variable pay 40 000. Revenue 110 %: 40 000 × 0.5 × 1.1 = 22 000; conversion 22 % = 110 %:
        // 40 000 × 0.3 × 1.1 = 13 200; funnel 100 %: 8 000; no deals over plan. 43 200 − 40 000 = 3 200 cut, both periods.
        var plan = Plan(PayAmount.Fixed(40_000m));
        var values = OnPlan((MetricKeys.Revenue, 1_100_000m), (MetricKeys.CrSqlToWon, 0.22m));
        var review = Run(plan, Subject(values, values));

        var finding = Assert.Single(review.Findings, f => f.Code == "total_capped_twice");
        Assert.Equal(3_200m, finding.Amount);
        // Revenue 1 000 000 × 1.1 = 1 100 000; conversion 0.2 × 1.1 = 0.22; funnel at exactly 100 % is not beaten.
        Assert.Equal(
            [("revenue", 1_000_000m, 1_100_000m), ("sql_to_won", 0.2m, 0.22m)],
            review.Proposals.Select(p => (p.ComponentId!, p.From!.Value, p.To!.Value)));
        Assert.All(review.Proposals, p => Assert.Equal("total_capped_twice", p.Code));
        AssertAppliesCleanly(plan, review);
    }

    [Fact]
    public void A_component_paid_at_cap_twice_keeps_that_proposal_when_the_total_is_capped_too()
    {
        // Revenue 160 % / 150 %: 40 000 × 0.5 × 1.5 = 30 000 (capped at 150 %) + 13 200 + 8 000 > 40 000 in both periods.
        var plan = Plan(PayAmount.Fixed(40_000m));
        var review = Run(plan, Subject(
            OnPlan((MetricKeys.Revenue, 1_600_000m), (MetricKeys.CrSqlToWon, 0.22m)),
            OnPlan((MetricKeys.Revenue, 1_500_000m), (MetricKeys.CrSqlToWon, 0.22m))));

        Assert.Equal(
            [("revenue", "paid_at_cap_twice", 1_300_000m), ("sql_to_won", "total_capped_twice", 0.22m)],
            review.Proposals.Select(p => (p.ComponentId!, p.Code, p.To!.Value)));
        AssertAppliesCleanly(plan, review);
    }

    [Fact]
    public void Below_threshold_twice_lowers_the_target_at_most_20_percent()
    {
        // Conversion 12 % and 14 % against 20 %: 60 % and 70 %, below the 80 % threshold, nothing paid twice.
        // Average 0.13, but at most 0.2 × 0.8 = 0.16 → 0.16.
        var plan = Plan();
        var review = Run(plan, Subject(OnPlan((MetricKeys.CrSqlToWon, 0.12m)), OnPlan((MetricKeys.CrSqlToWon, 0.14m))));

        var lower = Assert.Single(review.Proposals, p => p.Code == "below_threshold_twice");
        Assert.Equal(("sql_to_won", 0.2m, 0.16m), (lower.ComponentId, lower.From, lower.To));
        Assert.Contains("The target looks out of reach", lower.Message);
        // The same conversion also did not grow, but the target change wins: no weight raise; the follow-up bonus
        // changes no existing component, so it stays.
        Assert.Contains(review.Findings, f => f.Code == "conversion_not_growing");
        Assert.DoesNotContain(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Contains(review.Proposals, p => p.Code == "follow_up_bonus");
        AssertAppliesCleanly(plan, review);
    }

    [Fact]
    public void Below_threshold_twice_moves_to_the_average_when_that_is_within_the_limit()
    {
        // Revenue 780 000 and 760 000 against 1 000 000 (78 %, 76 %). The plan already eases December to 900 000:
        // average 770 000 is above 900 000 × 0.8 = 720 000, so the target becomes 770 000.
        var plan = Plan(null, new ComponentOverride { Period = "2026-12", Component = "revenue", Target = 900_000m });
        var review = Run(plan, Subject(OnPlan((MetricKeys.Revenue, 780_000m)), OnPlan((MetricKeys.Revenue, 760_000m))));

        var lower = Assert.Single(review.Proposals);
        Assert.Equal(("below_threshold_twice", "revenue", 900_000m, 770_000m), (lower.Code, lower.ComponentId, lower.From, lower.To));
        var applied = AssertAppliesCleanly(plan, review);
        Assert.Equal(770_000m, Assert.Single(applied.Assignments[0].Overrides).Target);
    }
}
