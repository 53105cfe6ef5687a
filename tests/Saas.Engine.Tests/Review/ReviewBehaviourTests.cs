using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Tests.Generation;
using Saas.Engine.Tests.Plans;
using Saas.Engine.Text;
using static Saas.Engine.Tests.Review.ReviewKit;

namespace Saas.Engine.Tests.Review;

public class ReviewBehaviourTests
{
    private static readonly ReviewSubject Stalled = Subject(OnPlan((MetricKeys.CrSqlToWon, 0.15m)), OnPlan((MetricKeys.CrSqlToWon, 0.16m)));

    [Fact]
    public void Messages_are_in_russian_when_asked()
    {
        var review = Run(Plan(), Stalled, language: Language.Ru);

        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal(
            "Менеджер по продажам (Иван): «Конверсия SQL→сделка» не растёт: 15 % за 2026-11 против 16 % за 2026-10, при цели 20 %. " +
            "Предлагаем поднять её вес на 2026-12 с 30 % до 40 % за счёт остальных показателей пропорционально их весам (не ниже 5 %): " +
            "«Выручка» 50 % → 43 %; «Конверсия MQL→SQL» 20 % → 17 %.",
            Plain(raise.Message));
        var bonus = Assert.Single(review.Proposals, p => p.Code == "follow_up_bonus");
        Assert.Equal("Бонус за дожим холодных SQL", bonus.AddComponent!.Label);
        Assert.Contains("закрытые из SQL прошлых периодов", bonus.Message);

        var capped = Run(Plan(), Subject(OnPlan((MetricKeys.Revenue, 1_600_000m)), OnPlan((MetricKeys.Revenue, 1_500_000m))), language: Language.Ru);
        Assert.Contains("с 1 000 000 ₽ до 1 300 000 ₽", Plain(Assert.Single(capped.Proposals).Message));
    }

    [Fact]
    public void After_the_last_period_the_changes_go_to_the_next_plan()
    {
        var plan = Plan();
        var review = Run(plan, Stalled, period: "2026-12");

        Assert.Equal((ProposalScope.NextPlan, "2027-01"), (review.AppliesTo, review.NextPeriod));
        Assert.All(review.Proposals, p => Assert.Equal((ProposalScope.NextPlan, "2027-01"), (p.AppliesTo, p.Period)));
        Assert.Contains("in the next plan (from 2027-01; 2026-12 is this plan's last period)", review.Proposals[0].Message);

        var next = AssertAppliesCleanly(plan, review);
        Assert.Equal(["2027-01"], next.Periods);
        var assignment = next.Assignments[0];
        Assert.Empty(assignment.Overrides);
        Assert.Equal(
            [("revenue", 0.43m), ("sql_to_won", 0.4m), ("funnel", 0.17m)],
            assignment.Components.OfType<IAttainmentTerms>().Select(c => (((Component)c).Id, c.Weight)));
        Assert.Contains(assignment.Components, c => c.Id == "follow_up_bonus");
    }

    [Fact]
    public void The_next_plan_starts_from_the_terms_of_the_last_period()
    {
        // December's seasonal weights (0.6 / 0.2 / 0.2) become the base; the raise is computed on them:
        // donors revenue 0.6, funnel 0.2: 10 × 0.6 / 0.8 = 7.5, 10 × 0.2 / 0.8 = 2.5 → 7 + 2, the tie on remainders
        // goes to the first donor: revenue 0.6 − 0.08 = 0.52, funnel 0.2 − 0.02 = 0.18, conversion 0.2 + 0.1 = 0.3.
        var plan = Plan(null,
            new ComponentOverride { Period = "2026-12", Component = "revenue", Weight = 0.6m },
            new ComponentOverride { Period = "2026-12", Component = "sql_to_won", Weight = 0.2m });
        var review = Run(plan, Stalled, period: "2026-12");

        var next = AssertAppliesCleanly(plan, review);
        Assert.Equal(
            [("revenue", 0.52m), ("sql_to_won", 0.3m), ("funnel", 0.18m)],
            next.Assignments[0].Components.OfType<IAttainmentTerms>().Select(c => (((Component)c).Id, c.Weight)));
    }

    [Fact]
    public void The_same_request_gives_the_same_review_in_any_subject_order()
    {
        var plan = PlanJson.Deserialize(PlanJsonTests.Example);
        var subjects = ExampleSubjects();
        ReviewRequest Request(IReadOnlyList<ReviewSubject> s) => new() { Plan = plan, Period = "2026-11", Language = Language.En, Locale = "en", Subjects = s };

        var first = Json(PlanReviewer.Review(Request(subjects)));
        Assert.Equal(first, Json(PlanReviewer.Review(Request(subjects))));
        Assert.Equal(first, Json(PlanReviewer.Review(Request([.. subjects.AsEnumerable().Reverse()]))));
    }

    [Fact]
    public void The_plan_json_example_gets_sound_proposals()
    {
        var plan = PlanJson.Deserialize(PlanJsonTests.Example);
        var review = PlanReviewer.Review(new ReviewRequest
        {
            Plan = plan,
            Period = "2026-11",
            Language = Language.En,
            Locale = "en",
            Subjects = ExampleSubjects(),
        });

        // Sales: December already weighs sql_to_won 0.7 and funnel 0.3; the raise makes it 0.8 / 0.2. The follow-up
        // bonus's plan is 100 SQL × 20 % = 20 deals (the plan has no deals target). The reasons gate failed twice.
        var raise = Assert.Single(review.Proposals, p => p.Code == "conversion_not_growing");
        Assert.Equal([("sql_to_won", 0.8m), ("funnel", 0.2m)], raise.Overrides.Select(o => (o.Component, o.Weight!.Value)));
        Assert.Equal(20m, ((StepComponent)Assert.Single(review.Proposals, p => p.Code == "follow_up_bonus").AddComponent!).Target);
        Assert.Single(review.Proposals, p => p.Code == "gate_failed_twice" && p.ComponentId == "reasons");
        Assert.Single(review.Findings, f => f.Code == "gate_failed" && f.ComponentId == "sla");

        // Marketer: CPL 900 and 1 000 against 1 500 (lower is better): 2 − 900 / 1 500 = 140 % and 133 %, both ≥ the
        // 130 % cap. Average 950, but at most 30 % harder: 1 500 × 0.7 = 1 050.
        var cpl = Assert.Single(review.Proposals, p => p.ComponentId == "cpl");
        Assert.Equal(("paid_at_cap_twice", 1, 1_500m, 1_050m), (cpl.Code, cpl.AssignmentIndex, cpl.From, cpl.To));

        var applied = AssertAppliesCleanly(plan, review);
        var december = SeasonalOverrides.ForPeriod(applied.Assignments[0], "2026-12").Components;
        Assert.Equal(0.8m, december.OfType<AttainmentComponent>().Single(c => c.Id == "sql_to_won").Weight);
    }

    [Fact]
    public void Generated_plans_get_sound_proposals()
    {
        // The seed's CR goal replaces the sales conversion KPI with cr_lead_to_won; a plain sales team keeps cr_sql_to_won.
        AssertSoundOnGenerated(PlanGenerator.Generate(GenKit.Seed).Document, followUp: false);
        AssertSoundOnGenerated(PlanGenerator.Generate(GenKit.Team((Role.Marketer, 1), (Role.SalesManager, 2))).Document, followUp: true);
    }

    private static void AssertSoundOnGenerated(PlanDocument plan, bool followUp)
    {
        var subjects = plan.Assignments.Select((assignment, i) =>
        {
            // Volumes at 160 % in both months (at cap), conversions at 75 % then 60 % of target (below threshold), SLA failed twice.
            MetricValues At(string period, decimal conversion)
            {
                var values = new Dictionary<string, decimal>
                {
                    [MetricKeys.FirstResponseCompliance] = 0.5m,
                    [MetricKeys.DisqualificationReasonCoverage] = 1m,
                    [MetricKeys.Sql] = 40m,
                };
                foreach (var t in SeasonalOverrides.ForPeriod(assignment, period).Components.OfType<IAttainmentTerms>())
                {
                    values[t.Metric] = MetricCatalogue.Get(t.Metric) switch
                    {
                        { Unit: MetricUnit.Ratio, HigherIsBetter: true } => Math.Round(t.Target * conversion, 4),
                        { HigherIsBetter: false } => Math.Round(t.Target * 0.4m, 2),
                        _ => Math.Round(t.Target * 1.6m, 0),
                    };
                }
                return new MetricValues(values);
            }
            var current = At("2027-01", 0.6m);
            var previous = At("2026-12", 0.75m);
            return new ReviewSubject
            {
                AssignmentIndex = i,
                Current = current,
                Previous = previous,
                GroupCurrent = new Dictionary<string, MetricValues> { ["marketing_sales"] = current },
                GroupPrevious = new Dictionary<string, MetricValues> { ["marketing_sales"] = previous },
            };
        }).ToList();

        var review = PlanReviewer.Review(new ReviewRequest { Plan = plan, Period = "2027-01", Language = Language.Ru, Subjects = subjects });

        Assert.Contains(review.Proposals, p => p.Code == "paid_at_cap_twice");
        Assert.Contains(review.Proposals, p => p.Code == "below_threshold_twice");
        Assert.Contains(review.Proposals, p => p.Code == "gate_failed_twice");
        Assert.Equal(followUp, review.Proposals.Any(p => p.Code == "follow_up_bonus" && p.Assignee.Role == Role.SalesManager));
        Assert.All(review.Proposals.GroupBy(p => p.AssignmentIndex), g =>
            Assert.Equal(g.Count(p => p.ComponentId is not null), g.Where(p => p.ComponentId is not null).Select(p => p.ComponentId).Distinct().Count()));
        AssertAppliesCleanly(plan, review);

        // The last month: the same values go to the next plan, which is valid too.
        var last = PlanReviewer.Review(new ReviewRequest { Plan = plan, Period = "2027-02", Language = Language.En, Subjects = subjects });
        Assert.Equal(ProposalScope.NextPlan, last.AppliesTo);
        AssertAppliesCleanly(plan, last);
    }

    [Fact]
    public void Requests_the_plan_cannot_answer_are_refused()
    {
        var plan = Plan();
        ReviewRequest Request(string period, params ReviewSubject[] subjects) =>
            new() { Plan = plan, Period = period, Language = Language.En, Subjects = subjects };

        Assert.Throws<ArgumentException>(() => PlanReviewer.Review(Request("2027-05", Stalled)));
        Assert.Throws<ArgumentException>(() => PlanReviewer.Review(Request("2026-11", Stalled with { AssignmentIndex = 3 })));
        Assert.Throws<ArgumentException>(() => PlanReviewer.Review(Request("2026-11", Stalled, Stalled)));
        Assert.Throws<ArgumentException>(() => PlanReviewer.Review(Request("2026-11", Stalled) with { Plan = plan with { Currency = "XXX" } }));
    }

    private static List<ReviewSubject> ExampleSubjects() =>
    [
        new()
        {
            AssignmentIndex = 0,
            Label = "Анна",
            Current = MetricValues.Of((MetricKeys.CrSqlToWon, 0.15m), (MetricKeys.Sql, 100m), (MetricKeys.FirstResponseCompliance, 0.85m),
                (MetricKeys.DisqualificationReasonCoverage, 0.9m)),
            Previous = MetricValues.Of((MetricKeys.CrSqlToWon, 0.16m), (MetricKeys.Sql, 90m), (MetricKeys.FirstResponseCompliance, 0.95m),
                (MetricKeys.DisqualificationReasonCoverage, 0.8m)),
            GroupCurrent = new Dictionary<string, MetricValues> { ["mql_sql_pod"] = MetricValues.Of((MetricKeys.CrMqlToSql, 0.25m)) },
            GroupPrevious = new Dictionary<string, MetricValues> { ["mql_sql_pod"] = MetricValues.Of((MetricKeys.CrMqlToSql, 0.25m)) },
        },
        new()
        {
            AssignmentIndex = 1,
            Current = MetricValues.Of((MetricKeys.Cpl, 900m), (MetricKeys.Mql, 120m)),
            Previous = MetricValues.Of((MetricKeys.Cpl, 1_000m), (MetricKeys.Mql, 100m)),
            BeforePrevious = MetricValues.Of((MetricKeys.Mql, 90m)),
            GroupCurrent = new Dictionary<string, MetricValues> { ["mql_sql_pod"] = MetricValues.Of((MetricKeys.CrMqlToSql, 0.25m)) },
            GroupPrevious = new Dictionary<string, MetricValues> { ["mql_sql_pod"] = MetricValues.Of((MetricKeys.CrMqlToSql, 0.25m)) },
        },
    ];
}
