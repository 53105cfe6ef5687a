using System.Text.Json;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Review;

/// <summary>A small sales plan whose arithmetic fits in a comment, and helpers that keep the review tests about rules.</summary>
internal static class ReviewKit
{
    public const string Pod = "pod";

    /// <summary>Sales manager, target variable pay 40 000 RUB: revenue (weight 0.5, target 1 000 000, cap 150 %),
    /// SQL→deal conversion (0.3, target 0.2, cap 120 %), a team MQL→SQL conversion (0.2, target 0.25), a step bonus on
    /// deals over a plan of 10, and an SLA gate (compliance ≥ 90 %). All weighted components have an 80 % threshold.</summary>
    public static PlanDocument Plan(PayAmount? maxVariablePay = null, params ComponentOverride[] overrides) => new()
    {
        Name = "Review test",
        Currency = "RUB",
        Periods = ["2026-10", "2026-11", "2026-12"],
        Assignments =
        [
            new Assignment
            {
                Role = Role.SalesManager,
                TargetVariablePay = new TargetVariablePay { Amount = 40_000m },
                MaxVariablePay = maxVariablePay,
                Components =
                [
                    new AttainmentComponent { Id = "revenue", Metric = MetricKeys.Revenue, Target = 1_000_000m, Weight = 0.5m, Threshold = 0.8m, Cap = 1.5m },
                    new AttainmentComponent { Id = "sql_to_won", Metric = MetricKeys.CrSqlToWon, Target = 0.2m, Weight = 0.3m, Threshold = 0.8m, Cap = 1.2m },
                    new TeamComponent { Id = "funnel", Group = Pod, Metric = MetricKeys.CrMqlToSql, Target = 0.25m, Weight = 0.2m, Threshold = 0.8m, Cap = 1.2m },
                    new StepComponent { Id = "deals_over_plan", Metric = MetricKeys.DealsWon, Target = 10m, Every = 1m, Rate = 0.05m, MaxSteps = 6 },
                    new GateComponent { Id = "sla", Metric = MetricKeys.FirstResponseCompliance, Operator = ComparisonOperator.AtLeast, Value = 0.9m },
                ],
                Overrides = overrides,
            },
        ],
    };

    /// <summary>Values at exactly 100 % everywhere, SLA met, no deals over plan: no rule fires on them.</summary>
    public static MetricValues OnPlan(params (string Metric, decimal Value)[] changes)
    {
        var values = new Dictionary<string, decimal>
        {
            [MetricKeys.Revenue] = 1_000_000m,
            [MetricKeys.CrSqlToWon] = 0.2m,
            [MetricKeys.DealsWon] = 10m,
            [MetricKeys.Sql] = 50m,
            [MetricKeys.FirstResponseCompliance] = 0.95m,
        };
        foreach (var (metric, value) in changes)
            values[metric] = value;
        return new MetricValues(values);
    }

    public static MetricValues Without(this MetricValues values, string metric) =>
        new(values.Where(kv => kv.Key != metric));

    public static Dictionary<string, MetricValues> Group(decimal crMqlToSql) => new() { [Pod] = MetricValues.Of((MetricKeys.CrMqlToSql, crMqlToSql)) };

    public static ReviewSubject Subject(MetricValues current, MetricValues previous, decimal podCurrent = 0.25m, decimal podPrevious = 0.25m) => new()
    {
        AssignmentIndex = 0,
        Label = "Иван",
        Current = current,
        Previous = previous,
        GroupCurrent = Group(podCurrent),
        GroupPrevious = Group(podPrevious),
    };

    public static PlanReview Run(PlanDocument plan, ReviewSubject subject, string period = "2026-11", Language language = Language.En) =>
        PlanReviewer.Review(new ReviewRequest
        {
            Plan = plan,
            Period = period,
            Language = language,
            Locale = language == Language.Ru ? "ru" : "en",
            Subjects = [subject],
        });

    /// <summary>Every proposal applied: the plan must stay valid, and the weights of every period must add up to 1.</summary>
    public static PlanDocument AssertAppliesCleanly(PlanDocument plan, PlanReview review)
    {
        Assert.DoesNotContain(review.Findings, f => f.Code == PlanReviewer.DroppedCode);
        var applied = PlanReviewApplier.Apply(plan, review);
        var errors = PlanValidator.Validate(applied);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
        foreach (var assignment in applied.Assignments)
        {
            foreach (var period in applied.Periods)
            {
                var weights = SeasonalOverrides.ForPeriod(assignment, period).Components.OfType<IAttainmentTerms>().Select(c => c.Weight).ToList();
                if (weights.Count > 0)
                    Assert.Equal(1m, weights.Sum());
            }
        }
        return applied;
    }

    public static Component Effective(PlanDocument plan, string period, string componentId, int assignment = 0) =>
        SeasonalOverrides.ForPeriod(plan.Assignments[assignment], period).Components.Single(c => c.Id == componentId);

    public static string Json(PlanReview review) => JsonSerializer.Serialize(review, PlanJson.Options);

    /// <summary>Messages use no-break spaces and a typographic minus; tests compare with plain ones.</summary>
    public static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u2212', '-');
}
