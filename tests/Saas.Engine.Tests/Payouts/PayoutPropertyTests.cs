using CsCheck;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Payouts;

/// <summary>Random valid plans that use every paying kind at once, and random actuals. The properties: nothing
/// negative without an adjustment, more never earns less (better means higher for higher-is-better metrics and lower
/// for lower-is-better ones), and caps hold.</summary>
public class PayoutPropertyTests
{
    private const int Iterations = 400;

    private static readonly Gen<decimal> Percent = Gen.Int[0, 200].Select(i => i / 100m);

    private static Gen<decimal> Amount(int max) => Gen.Int[0, max * 100].Select(i => i / 100m);

    private static Gen<decimal> Positive(int max) => Gen.Int[1, max * 100].Select(i => i / 100m);

    /// <summary>Tiers from 0, rising starts; flat rates never fall (the validator's rule).</summary>
    private static Gen<Tier[]> Tiers(TierMode mode, int maxGap, int maxRate, decimal rateScale) =>
        Gen.Int[1, 4].SelectMany(n => Gen.Select(Gen.Int[1, maxGap].Array[n], Gen.Int[0, maxRate].Array[n], (gaps, rates) =>
        {
            if (mode == TierMode.Flat)
                Array.Sort(rates);
            var from = 0m;
            return Enumerable.Range(0, n).Select(i =>
            {
                var tier = new Tier(from, rates[i] * rateScale);
                from += gaps[i] / 100m;
                return tier;
            }).ToArray();
        }));

    private static readonly Gen<Curve?> Curves = Gen.OneOf<Curve?>(
        Gen.OneOf<Curve?>(null, Curve.Linear),
        Tiers(TierMode.Marginal, 100, 300, 0.01m).Select(t => (Curve?)Curve.Marginal(t)),
        Tiers(TierMode.Flat, 100, 300, 0.01m).Select(t => (Curve?)Curve.Flat(t)),
        Gen.Int[2, 4].SelectMany(n => Gen.Select(Gen.Int[1, 60].Array[n], Gen.Int[0, 100].Array[n], (gaps, raises) =>
        {
            var (attainment, payout) = (0.5m, 0m);
            return (Curve?)Curve.Interpolated(Enumerable.Range(0, n).Select(i =>
            {
                attainment += gaps[i] / 100m;
                payout += raises[i] / 100m;
                return new CurvePoint(attainment, payout);
            }).ToArray());
        })));

    private static readonly Gen<PayAmount?> Caps = Gen.OneOf<PayAmount?>(
        Gen.Const(() => (PayAmount?)null),
        Positive(60_000).Select(a => (PayAmount?)PayAmount.Fixed(a)),
        Gen.Int[1, 300].Select(p => (PayAmount?)PayAmount.TargetShare(p / 100m)));

    private static readonly Gen<AttainmentComponent> Attainments =
        Gen.Select(Gen.OneOf(MetricKeys.Sql, MetricKeys.Cpl, MetricKeys.CrSqlToWon, MetricKeys.ChurnRate), Gen.Int[1, 99],
            Gen.Int[0, 99].Nullable(), Gen.Int[100, 250].Nullable(), Curves, Caps,
            (metric, weight, threshold, cap, curve, max) => new AttainmentComponent
            {
                Id = "att",
                Metric = metric,
                Target = metric is MetricKeys.Sql or MetricKeys.Cpl ? 100 : 0.2m,
                Weight = weight / 100m,
                Threshold = threshold / 100m,
                Cap = cap / 100m,
                Curve = curve,
                MaxPayout = max,
            });

    private static readonly Gen<Component[]> OtherComponents = Gen.Select(
        Gen.Select(Gen.OneOf(MetricKeys.Sql, MetricKeys.Cpl), Gen.Int[0, 120], Gen.Int[1, 30], Gen.Int[1, 20], Gen.Int[1, 6].Nullable(), Caps,
            (metric, target, every, rate, maxSteps, max) => (Component)new StepComponent
            {
                Id = "step",
                Metric = metric,
                Target = target,
                Every = every,
                Rate = rate / 100m,
                MaxSteps = maxSteps,
                MaxPayout = max,
            }),
        Gen.Select(Gen.OneOf(MetricKeys.Mql, MetricKeys.Cac), Gen.Bool, Gen.Int[0, 30], Gen.Int[1, 10_000],
            (metric, absolute, minimum, bonus) => (Component)new GrowthComponent
            {
                Id = "growth",
                Metric = metric,
                Measure = absolute ? GrowthMeasure.Absolute : GrowthMeasure.Percent,
                Minimum = absolute ? minimum : minimum / 100m,
                Bonus = PayAmount.Fixed(bonus),
            }),
        Gen.Select(Gen.Bool, Positive(500), Tiers(TierMode.Marginal, 5_000, 500, 1), Gen.Bool, Gen.Int[100, 3_000].Nullable(), Caps,
            (flat, rate, tiers, tierFlat, maxCpl, max) => (Component)new PerUnitComponent
            {
                Id = "unit",
                Metric = MetricKeys.Leads,
                Rate = flat ? rate : null,
                Tiers = flat ? null : tierFlat ? tiers.Select((t, i) => t with { Rate = tiers.Take(i + 1).Max(x => x.Rate) }).ToArray() : tiers,
                TierMode = tierFlat ? TierMode.Flat : TierMode.Marginal,
                Condition = maxCpl is { } c ? new MetricCondition(MetricKeys.Cpl, ComparisonOperator.AtMost, c) : null,
                MaxPayout = max,
            }),
        Gen.Select(Gen.Int[0, 2], Gen.Bool, Tiers(TierMode.Flat, 150, 20, 0.01m), Positive(500_000), Gen.OneOf(ShareCredit.Closed, ShareCredit.Any),
            (basis, flat, tiers, target, credit) => (Component)new ShareComponent
            {
                Id = "share",
                Measure = ShareMeasure.Revenue,
                Credit = credit,
                Rate = basis == 0 ? tiers[^1].Rate : null,
                Tiers = basis == 0 ? null : basis == 2 ? tiers.Select(t => t with { From = t.From * 100_000 }).ToArray() : tiers,
                TierMode = flat ? TierMode.Flat : TierMode.Marginal,
                TierBasis = basis == 2 ? TierBasis.PerDeal : TierBasis.Cumulative,
                Target = basis == 1 ? target : null,
            }),
        Gen.Select(Gen.Int[0, 10].Nullable(), Gen.Bool, Gen.Int[1, 20_000],
            (target, perUnit, amount) => (Component)new SpifComponent
            {
                Id = "spif",
                Metric = MetricKeys.DealsWon,
                From = new DateOnly(2026, 11, 20),
                To = new DateOnly(2026, 11, 30),
                Target = perUnit ? target : target ?? 3,
                Bonus = perUnit ? null : PayAmount.Fixed(amount),
                PerUnit = perUnit ? amount / 100m : null,
            }),
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 99],
            (value, factor) => (Component)new GateComponent
            {
                Id = "gate",
                Metric = MetricKeys.FirstResponseCompliance,
                Operator = ComparisonOperator.AtLeast,
                Value = value / 100m,
                Factor = factor / 100m,
            }),
        (step, growth, unit, share, spif, gate) => new[] { step, growth, unit, share, spif, gate });

    private static readonly Gen<Assignment> Assignments = Gen.Select(Attainments, OtherComponents, Amount(100_000), Caps,
        (attainment, others, targetPay, maxVariable) => new Assignment
        {
            Role = Role.SalesManager,
            TargetVariablePay = new TargetVariablePay { Amount = targetPay },
            MaxVariablePay = maxVariable,
            Components =
            [
                attainment,
                new TeamComponent
                {
                    Id = "team", Group = "pod", Metric = MetricKeys.CrMqlToSql, Target = 0.25m, Weight = 1 - attainment.Weight,
                    Threshold = attainment.Threshold, Curve = attainment.Curve,
                },
                .. others,
            ],
        });

    /// <summary>Values per metric; the subset is random so that missing data is exercised too.</summary>
    private static readonly string[] Metrics =
    [
        MetricKeys.Sql, MetricKeys.Cpl, MetricKeys.CrSqlToWon, MetricKeys.ChurnRate, MetricKeys.Mql, MetricKeys.Cac,
        MetricKeys.Leads, MetricKeys.FirstResponseCompliance,
    ];

    private sealed record World(Dictionary<string, decimal> Actuals, decimal? Group, decimal? Spif, decimal[] Deals, int ActiveDays);

    private static readonly Gen<World> Worlds = Gen.Select(
        Gen.Int[0, 300].Nullable(0.1).Array[Metrics.Length], Gen.Int[0, 100].Nullable(0.1), Gen.Int[0, 15].Nullable(0.1),
        Amount(400_000).Array[0, 4], Gen.Int[0, 30],
        (values, group, spif, deals, days) => new World(
            Metrics.Zip(values).Where(p => p.Second is not null).ToDictionary(p => p.First, p => Scale(p.First, p.Second!.Value)),
            group / 100m, spif, deals, days));

    /// <summary>How much better each thing gets, never worse.</summary>
    private static readonly Gen<(int[] Metrics, int Group, int Spif, decimal[] Deals)> Improvements = Gen.Select(
        Gen.Int[0, 100].Array[Metrics.Length], Gen.Int[0, 50], Gen.Int[0, 5], Amount(100_000).Array[4],
        (metrics, group, spif, deals) => (metrics, group, spif, deals));

    private static decimal Scale(string metric, int value) =>
        MetricCatalogue.Get(metric).Unit == MetricUnit.Ratio ? value / 100m : value;

    private static World Better(World world, (int[] Metrics, int Group, int Spif, decimal[] Deals) by) => world with
    {
        Actuals = world.Actuals.ToDictionary(p => p.Key, p =>
        {
            var delta = Scale(p.Key, by.Metrics[Array.IndexOf(Metrics, p.Key)]);
            return MetricCatalogue.Get(p.Key).HigherIsBetter ? p.Value + delta : Math.Max(0, p.Value - delta);
        }),
        Group = world.Group + by.Group / 100m,
        Spif = world.Spif + by.Spif,
        Deals = world.Deals.Select((d, i) => d + by.Deals[i]).ToArray(),
    };

    private static PayoutResult Pay(Assignment assignment, World world) => PayoutCalculator.Calculate(new PayoutInput
    {
        Assignment = assignment,
        Period = Period.Parse("2026-11"),
        Currency = "RUB",
        Actuals = new MetricValues(world.Actuals),
        PreviousActuals = MetricValues.Of((MetricKeys.Mql, 100), (MetricKeys.Cac, 100)),
        GroupActuals = world.Group is { } g ? new Dictionary<string, MetricValues> { ["pod"] = MetricValues.Of((MetricKeys.CrMqlToSql, g)) } : [],
        SpifActuals = world.Spif is { } s ? new Dictionary<string, MetricValues> { ["spif"] = MetricValues.Of((MetricKeys.DealsWon, s)) } : [],
        Deals = world.Deals.Select((revenue, i) => new CreditedDeal
        {
            DealId = $"D{i}",
            Role = i % 2 == 0 ? DealRole.Closed : DealRole.Sourced,
            Revenue = revenue,
            Share = i == 1 ? 0.5m : 1m,
            ClosedOn = new DateOnly(2026, 11, 10),
        }).ToList(),
        Proration = new Proration(world.ActiveDays, 30),
    });

    [Fact]
    public void Generated_plans_are_valid() =>
        Assignments.Sample(a => Assert.Empty(PlanValidator.ValidateAssignment(a)), iter: Iterations);

    [Fact]
    public void Payout_is_never_negative_without_an_adjustment() =>
        Gen.Select(Assignments, Worlds).Sample((assignment, world) =>
        {
            var result = Pay(assignment, world);
            Assert.True(result.Total >= 0, $"total {result.Total}");
            Assert.All(result.Lines.Where(l => l.Kind == PayoutLineKind.Component), l => Assert.True(l.Amount >= 0, l.Formula));
        }, iter: Iterations);

    [Fact]
    public void Better_results_never_pay_less() =>
        Gen.Select(Assignments, Worlds, Improvements).Sample((assignment, world, by) =>
        {
            var before = Pay(assignment, world);
            var after = Pay(assignment, Better(world, by));
            Assert.True(after.Total >= before.Total, $"{before.Total} → {after.Total}");
        }, iter: Iterations);

    [Fact]
    public void Lower_is_better_mirror_cutting_cpl_never_pays_less() =>
        // The same property seen from the other side, on one metric only: lowering CPL (attainment, step and the
        // per-lead condition all read it) cannot lower the payout, while raising it cannot raise the payout.
        Gen.Select(Assignments, Worlds, Gen.Int[1, 200]).Sample((assignment, world, cut) =>
        {
            var cpl = world.Actuals.GetValueOrDefault(MetricKeys.Cpl, 150);
            var lower = world with { Actuals = new(world.Actuals) { [MetricKeys.Cpl] = Math.Max(0, cpl - cut) } };
            var higher = world with { Actuals = new(world.Actuals) { [MetricKeys.Cpl] = cpl + cut } };
            var at = world with { Actuals = new(world.Actuals) { [MetricKeys.Cpl] = cpl } };
            Assert.True(Pay(assignment, lower).Total >= Pay(assignment, at).Total);
            Assert.True(Pay(assignment, higher).Total <= Pay(assignment, at).Total);
        }, iter: Iterations);

    [Fact]
    public void Caps_hold() =>
        Gen.Select(Assignments, Worlds).Sample((assignment, world) =>
        {
            var result = Pay(assignment, world);
            var targetPay = result.TargetVariablePay;
            foreach (var component in assignment.Components.Where(c => c.MaxPayout is not null))
            {
                var net = result.Lines.Where(l => l.ComponentId == component.Id && l.Kind is PayoutLineKind.Component or PayoutLineKind.ComponentCap)
                    .Sum(l => l.Amount);
                Assert.True(net <= component.MaxPayout!.Resolve(targetPay), $"{component.Id}: {net}");
            }
            if (assignment.MaxVariablePay is { } max)
                Assert.True(result.TotalUnrounded <= max.Resolve(targetPay), $"{result.TotalUnrounded} > {max.Resolve(targetPay)}");
            Assert.Equal(result.Total, result.Lines.Sum(l => l.Amount));
        }, iter: Iterations);
}
