using CsCheck;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Generation;

/// <summary>Random valid requests: any subset of roles and counts, goals on metrics the team can own, 1 to 12 months,
/// optional economics. The generator never throws, and every plan is sound (<see cref="GenKit.AssertSound"/>).</summary>
public class GeneratorPropertyTests
{
    private static readonly Role[] AllRoles = Enum.GetValues<Role>();

    private static readonly Gen<Goal> Goals = Gen.Select(Gen.OneOf([.. MetricCatalogue.All.Select(m => m.Key)]), Gen.Int[1, 95],
        Gen.Int[0, 60], Gen.Int[1, 12].Nullable(), Gen.Bool, Gen.Int[0, 2], (key, level, change, horizon, hasFrom, direction) =>
        {
            var metric = MetricCatalogue.Get(key);
            var from = metric.Unit switch
            {
                MetricUnit.Ratio => level / 100m,
                MetricUnit.Money => level * 20_000m,
                _ => level * 10m,
            };
            var dir = (GoalDirection)direction;
            var up = dir == GoalDirection.Increase;
            var to = up ? from * (1 + change / 100m) : from * (1 - change / 200m);
            if (metric.MaxValue is { } max)
                to = Math.Min(to, max);
            return new Goal
            {
                Metric = key,
                Direction = dir,
                Unit = metric.Unit switch { MetricUnit.Ratio => GoalUnit.Ratio, MetricUnit.Money => GoalUnit.Money, _ => GoalUnit.Count },
                From = hasFrom && dir != GoalDirection.Reach ? from : null,
                To = Math.Round(to, 4),
                HorizonMonths = horizon,
                Text = $"{key} goal",
            };
        });

    private static readonly Gen<Economics> Economies = Gen.Select(Gen.Int[5, 60].Nullable(), Gen.Int[5, 60].Nullable(),
        Gen.Int[100, 5_000].Nullable(), Gen.Int[100_000, 3_000_000].Nullable(), Gen.Int[0, 3], Gen.Int[10_000, 500_000].Nullable(),
        (c1, c3, leads, budget, scheme, deal) => new Economics
        {
            CrLeadToMql = c1 / 100m,
            CrSqlToWon = c3 / 100m,
            MonthlyLeads = leads,
            MonthlyMarketingBudget = budget,
            AverageDealSize = deal,
            LeadGeneratorScheme = scheme == 3 ? null : (LeadGeneratorScheme)scheme,
        });

    private static readonly Gen<GenerationRequest> Requests = Gen.Select(Gen.Int[1, (1 << AllRoles.Length) - 1], Gen.Int[1, 5].Array[AllRoles.Length],
        Goals.Array[0, 4], Economies, Gen.Int[1, 12], Gen.Int[0, 11], Gen.Bool, Gen.OneOf("RUB", "USD", "EUR"),
        (mask, counts, goals, economics, months, start, ru, currency) =>
        {
            var team = AllRoles.Where((_, i) => (mask & (1 << i)) != 0).Select(r => new TeamRole { Role = r, Count = counts[(int)r] }).ToList();
            var request = new GenerationRequest
            {
                Team = team,
                Economics = economics,
                Periods = [.. Enumerable.Range(start, months).Select(i => $"{2026 + i / 12}-{i % 12 + 1:D2}")],
                Language = ru ? Language.Ru : Language.En,
                Currency = currency,
            };
            // Keep the goals the team can own, one per metric: the property is about valid requests.
            var kept = new List<Goal>();
            foreach (var goal in goals.DistinctBy(g => g.Metric))
            {
                if ((request with { Goals = [.. kept, goal] }).Validate().Count == 0)
                    kept.Add(goal);
            }
            return request with { Goals = kept };
        });

    [Fact]
    public void Random_valid_requests_give_sound_plans() =>
        Requests.Sample(request =>
        {
            Assert.Empty(request.Validate());
            GenKit.AssertSound(request, PlanGenerator.Generate(request));
        }, iter: 300);
}
