using Saas.Engine.Sla;

namespace Saas.Engine.Tests.Sla;

public class NonTargetCostTests
{
    [Fact]
    public void The_seed_example_comes_out_exactly()
    {
        // 500 non-target leads × 15 min = 7 500 min = 125 h; two managers at 100 000 RUB for 160 h: 200 000 / 320 = 625 RUB/h;
        // 125 h × 625 = 78 125 RUB; 125 h of their 320 h = 39.0625 % ("39 % of their time").
        var cost = NonTargetCost.Compute(500, 15m, [100_000m, 100_000m], 160m);
        Assert.Equal(new NonTargetCost(125m, 625m, 78_125m, 0.390625m), cost);
    }

    [Fact]
    public void Handlers_with_different_salaries_are_paid_at_their_average_hourly_cost() =>
        // 120 leads × 10 min = 20 h; (80 000 + 120 000) / (2 × 160) = 625 RUB/h → 12 500 RUB; 20 / 320 = 6.25 %.
        Assert.Equal(new NonTargetCost(20m, 625m, 12_500m, 0.0625m), NonTargetCost.Compute(120, 10m, [80_000m, 120_000m], 160m));

    [Fact]
    public void Without_handlers_the_hours_are_known_but_not_their_cost() =>
        Assert.Equal(new NonTargetCost(2.5m, 0m, 0m, 0m), NonTargetCost.Compute(10, 15m, [], 160m));
}
