using CsCheck;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Tests.Generation;
using Saas.Engine.Tests.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Review;

/// <summary>Random metric values (some missing, some negative, ratios a little above 1) for every assignment of two
/// realistic plans, in every period: the review never throws, and applying all its proposals keeps the plan valid.</summary>
public class ReviewPropertyTests
{
    private static readonly PlanDocument[] Plans =
    [
        PlanJson.Deserialize(PlanJsonTests.Example),
        PlanGenerator.Generate(GenKit.Seed).Document,
        ReviewKit.Plan(PayAmount.TargetShare(1.2m)),
    ];

    private static readonly string[] Keys = [.. MetricCatalogue.All.Select(m => m.Key)];

    private static readonly Gen<MetricValues> Values =
        Gen.Select(Gen.Int[0, 3].Array[Keys.Length], Gen.Int[-20, 1_000].Array[Keys.Length], (present, raw) =>
            new MetricValues(Keys.Select((key, i) => (key, i)).Where(x => present[x.i] > 0).Select(x =>
                KeyValuePair.Create(x.key, MetricCatalogue.Get(x.key).Unit switch
                {
                    MetricUnit.Ratio => raw[x.i] / 800m,
                    MetricUnit.Money => raw[x.i] * 5_000m,
                    MetricUnit.Minutes => raw[x.i] / 50m,
                    _ => raw[x.i] / 3,
                }))));

    private static readonly Gen<ReviewSubject> Subjects =
        Gen.Select(Values, Values, Values, Values, Values, Gen.Int[0, 4], (current, previous, before, group, groupBefore, shape) => new ReviewSubject
        {
            AssignmentIndex = 0,
            Current = current,
            Previous = shape == 0 ? MetricValues.Empty : previous,
            BeforePrevious = shape == 1 ? null : before,
            GroupCurrent = new Dictionary<string, MetricValues> { ["mql_sql_pod"] = group, ["marketing_sales"] = group, [ReviewKit.Pod] = group },
            GroupPrevious = shape == 2
                ? new Dictionary<string, MetricValues>()
                : new Dictionary<string, MetricValues> { ["mql_sql_pod"] = groupBefore, ["marketing_sales"] = groupBefore, [ReviewKit.Pod] = groupBefore },
        });

    private static readonly Gen<ReviewRequest> Requests =
        Gen.Int[0, Plans.Length - 1].SelectMany(p => Gen.Select(Gen.Int[0, Plans[p].Periods.Count - 1], Subjects.Array[Plans[p].Assignments.Count], Gen.Bool,
            (period, subjects, ru) => new ReviewRequest
            {
                Plan = Plans[p],
                Period = Plans[p].Periods[period],
                Language = ru ? Language.Ru : Language.En,
                Locale = ru ? "ru" : "en",
                Subjects = [.. subjects.Select((s, i) => s with { AssignmentIndex = i })],
            }));

    [Fact]
    public void Random_values_never_throw_and_never_break_the_plan() =>
        Requests.Sample(request =>
        {
            var review = PlanReviewer.Review(request);
            ReviewKit.AssertAppliesCleanly(request.Plan, review);
            Assert.All(review.Proposals.GroupBy(p => p.AssignmentIndex), g =>
            {
                var changed = g.SelectMany(p => p.Overrides.Select(o => o.Component)).ToList();
                Assert.Equal(changed.Count, changed.Distinct().Count());
            });
            Assert.Equal(ReviewKit.Json(review), ReviewKit.Json(PlanReviewer.Review(request)));
        }, iter: 300);
}
