using Saas.Engine.Common;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Tests.Payouts;

namespace Saas.Engine.Tests.Plans;

/// <summary>Issue 21: a commission-only assignment names no target variable pay instead of <c>{amount: 0}</c>, and may then
/// hold nothing paid as a share of a target.</summary>
public class CommissionOnlyTests
{
    private static ShareComponent Commission => new() { Id = "commission", Measure = ShareMeasure.Revenue, Credit = ShareCredit.Closed, Rate = 0.05m };

    private static PlanDocument Plan(params Component[] components) => new()
    {
        Name = "Commission only",
        Currency = "RUB",
        Periods = ["2026-11"],
        Assignments = [new Assignment { Role = Role.SalesManager, Components = components }],
    };

    [Fact]
    public void A_share_of_revenue_without_a_target_is_a_valid_plan_and_pays_its_share()
    {
        var plan = Plan(Commission, new PerUnitComponent { Id = "per_deal", Metric = "deals_won", Rate = 1_000m });
        Assert.Empty(PlanValidator.Validate(plan));

        // (200 000 + 100 000 × 0.5) × 5 % = 12 500; 3 deals × 1 000 = 3 000; no target, so nothing of a target is paid.
        var result = Kit.Pay(plan.Assignments[0], Kit.Values(("deals_won", 3)), more: input => input with
        {
            Deals =
            [
                new() { DealId = "D1", Role = DealRole.Closed, Revenue = 200_000, ClosedOn = new DateOnly(2026, 11, 5) },
                new() { DealId = "D2", Role = DealRole.Closed, Revenue = 100_000, Share = 0.5m, ClosedOn = new DateOnly(2026, 11, 12) },
            ],
        });
        Assert.Equal((12_500m, 3_000m), (result.Line("commission").Amount, result.Line("per_deal").Amount));
        Assert.Equal((0m, 15_500m), (result.TargetVariablePay, result.Total));
    }

    [Fact]
    public void Without_a_target_nothing_may_pay_a_share_of_one()
    {
        var errors = PlanValidator.Validate(Plan(
            Commission,
            new AttainmentComponent { Id = "revenue", Metric = "revenue", Target = 1_000_000m, Weight = 1m },
            new GrowthComponent { Id = "growth", Metric = "mql", Bonus = PayAmount.TargetShare(0.1m) },
            new ShareComponent { Id = "capped", Measure = ShareMeasure.Revenue, Credit = ShareCredit.Sourced, Rate = 0.01m, MaxPayout = PayAmount.TargetShare(1m) }));

        var error = Assert.Single(errors, e => e.Path == "assignments[0].targetVariablePay");
        Assert.Equal("required", error.Code);
        Assert.Contains("'revenue', 'growth', 'capped'", error.Message);
    }

    [Fact]
    public void A_fixed_bonus_and_a_cap_in_money_need_no_target()
    {
        Assert.Empty(PlanValidator.Validate(Plan(
            Commission with { MaxPayout = PayAmount.Fixed(50_000m) },
            new GrowthComponent { Id = "growth", Metric = "mql", Bonus = PayAmount.Fixed(5_000m) })));
    }

    [Fact]
    public void The_json_of_a_commission_only_plan_leaves_the_target_out_and_reads_back()
    {
        var plan = Plan(Commission);
        var json = PlanJson.Serialize(plan);
        Assert.DoesNotContain("targetVariablePay", json);
        Assert.Null(PlanJson.Deserialize(json).Assignments[0].TargetVariablePay);
    }
}
