using Saas.Engine.Metrics;
using static Saas.Engine.Tests.Review.ReviewKit;

namespace Saas.Engine.Tests.Review;

public class GateAndNoDataTests
{
    [Fact]
    public void A_gate_failed_once_is_a_finding_with_the_withheld_amount()
    {
        // SLA 80 % < 90 %: everything the components earned is withheld (factor 0): revenue 40 000 × 0.5 × 1 = 20 000,
        // conversion 40 000 × 0.3 × 1 = 12 000, funnel 40 000 × 0.2 × 1 = 8 000, step 0: 40 000.
        var review = Run(Plan(), Subject(OnPlan((MetricKeys.FirstResponseCompliance, 0.8m)), OnPlan()));

        var finding = Assert.Single(review.Findings);
        Assert.Equal(("gate_failed", "sla", 0.8m, 0.9m, 40_000m), (finding.Code, finding.ComponentId, finding.Actual, finding.Target, finding.Amount));
        Assert.Equal(
            "Sales manager (Иван): the condition 'First-response SLA compliance ≥ 90%' failed in 2026-11: 80%; 40,000 RUB withheld. " +
            "Fix the process (answer leads in time, record rejection reasons), not the plan.",
            Plain(finding.Message));
        Assert.Empty(review.Proposals);
    }

    [Fact]
    public void A_gate_failed_twice_is_explained_but_its_value_stays()
    {
        var review = Run(Plan(), Subject(OnPlan((MetricKeys.FirstResponseCompliance, 0.8m)), OnPlan((MetricKeys.FirstResponseCompliance, 0.85m))));

        var proposal = Assert.Single(review.Proposals);
        Assert.Equal(("gate_failed_twice", "gate_failed", "sla"), (proposal.Code, proposal.Rule, proposal.ComponentId));
        Assert.Empty(proposal.Overrides);
        Assert.Null(proposal.AddComponent);
        Assert.Contains("The condition's value stays: it is company policy, not a target.", proposal.Message);
        Assert.Contains("2026-10 — 85%, 2026-11 — 80%", Plain(proposal.Message));
    }

    [Fact]
    public void A_gate_without_data_fails_and_names_the_metric()
    {
        var review = Run(Plan(), Subject(OnPlan().Without(MetricKeys.FirstResponseCompliance), OnPlan()));
        var finding = Assert.Single(review.Findings);
        Assert.Equal(("gate_failed", null, 40_000m), (finding.Code, finding.Actual, finding.Amount));
        Assert.Contains("post the metric first_response_compliance", finding.Message);
    }

    [Fact]
    public void A_gate_is_not_failed_twice_when_the_previous_period_was_not_measured()
    {
        var subject = Subject(OnPlan((MetricKeys.FirstResponseCompliance, 0.8m)), MetricValues.Empty) with
        {
            GroupPrevious = new Dictionary<string, MetricValues>(),
        };
        var review = Run(Plan(), subject);
        Assert.Single(review.Findings, f => f.Code == "gate_failed");
        Assert.Empty(review.Proposals);
    }

    [Fact]
    public void A_weighted_component_without_data_asks_for_the_metric()
    {
        var subject = Subject(OnPlan().Without(MetricKeys.Revenue), OnPlan()) with { GroupCurrent = new Dictionary<string, MetricValues>() };
        var review = Run(Plan(), subject);

        Assert.Equal(
            [("no_data", "revenue", "revenue"), ("no_data", "funnel", "cr_mql_to_sql")],
            review.Findings.Select(f => (f.Code, f.ComponentId!, f.Metric!)));
        Assert.Contains("Post the metric revenue.", review.Findings[0].Message);
        Assert.Contains("Post the metric cr_mql_to_sql for the group 'pod'.", review.Findings[1].Message);
        Assert.Empty(review.Proposals);
    }
}
