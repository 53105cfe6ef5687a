using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Tests.Payouts;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Plans;

/// <summary>Issue 21: a kicker paid on top of a fully weighted plan, outside the weighting.</summary>
public class AdditiveComponentTests
{
    private static readonly AttainmentComponent Base = new() { Id = "revenue", Metric = MetricKeys.Revenue, Target = 1_000_000m, Weight = 1m };

    // Pays only above quota: nothing up to 100 %, then each point above it at full rate.
    private static readonly AttainmentComponent Kicker = new()
    {
        Id = "kicker",
        Metric = MetricKeys.Revenue,
        Target = 1_000_000m,
        Weight = 0.5m,
        Additive = true,
        Curve = Curve.Marginal(new Tier(0m, 0m), new Tier(1m, 1m)),
    };

    private static PlanDocument Plan(params Component[] components) => new()
    {
        Name = "Base and kicker",
        Currency = "RUB",
        Periods = ["2026-11"],
        Assignments = [new Assignment { Role = Role.SalesManager, TargetVariablePay = new TargetVariablePay { Amount = 10_000m }, Components = components }],
    };

    [Fact]
    public void An_additive_kicker_stays_outside_the_100_percent_and_pays_on_top()
    {
        var plan = Plan(Base, Kicker);
        Assert.Empty(PlanValidator.Validate(plan));

        // 1 200 000 of 1 000 000: base 10 000 × 1 × 1.2 = 12 000; kicker 10 000 × 0.5 × (0 × 1 + 1 × 0.2) = 1 000.
        var result = Kit.Pay(plan.Assignments[0], Kit.Values((MetricKeys.Revenue, 1_200_000m)));
        Assert.Equal((12_000m, 1_000m, 13_000m), (result.Line("revenue").Amount, result.Line("kicker").Amount, result.Total));

        // At quota the kicker pays nothing.
        Assert.Equal(0m, Kit.Pay(plan.Assignments[0], Kit.Values((MetricKeys.Revenue, 1_000_000m))).Line("kicker").Amount);
    }

    [Fact]
    public void Without_the_flag_the_same_weights_add_up_to_150_percent_and_are_refused()
    {
        var error = Assert.Single(PlanValidator.Validate(Plan(Base, Kicker with { Additive = false })));
        Assert.Equal("weights_sum", error.Code);
    }

    [Fact]
    public void The_flag_is_written_only_when_set()
    {
        var json = PlanJson.Serialize(Plan(Base, Kicker));
        Assert.Equal(1, json.Split("\"additive\"").Length - 1);
        Assert.True(((AttainmentComponent)PlanJson.Deserialize(json).Assignments[0].Components[1]).Additive);
    }

    [Fact]
    public void A_review_neither_raises_an_additive_conversion_nor_takes_weight_from_it()
    {
        var plan = Plan(
            new AttainmentComponent { Id = "sql_to_won", Metric = MetricKeys.CrSqlToWon, Target = 0.2m, Weight = 0.6m },
            new AttainmentComponent { Id = "revenue", Metric = MetricKeys.Revenue, Target = 1_000_000m, Weight = 0.4m },
            new AttainmentComponent { Id = "won_kicker", Metric = MetricKeys.CrLeadToWon, Target = 0.1m, Weight = 0.3m, Additive = true });
        plan = plan with { Periods = ["2026-11", "2026-12"] };
        var review = PlanReviewer.Review(new ReviewRequest
        {
            Plan = plan,
            Period = "2026-11",
            Language = Language.En,
            Locale = "en",
            Subjects =
            [
                new ReviewSubject
                {
                    AssignmentIndex = 0,
                    // Both conversions fall short and do not grow; only the weighted one is raised, from revenue alone.
                    Current = MetricValues.Of((MetricKeys.CrSqlToWon, 0.15m), (MetricKeys.Revenue, 1_000_000m), (MetricKeys.CrLeadToWon, 0.05m)),
                    Previous = MetricValues.Of((MetricKeys.CrSqlToWon, 0.16m), (MetricKeys.Revenue, 1_000_000m), (MetricKeys.CrLeadToWon, 0.06m)),
                },
            ],
        });
        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal("sql_to_won", raise.ComponentId);
        Assert.Equal([("sql_to_won", 0.7m), ("revenue", 0.3m)], raise.Overrides.Select(o => (o.Component, o.Weight!.Value)));
        Assert.Empty(PlanValidator.Validate(PlanReviewApplier.Apply(plan, review)));
    }
}
