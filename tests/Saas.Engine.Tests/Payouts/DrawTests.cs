using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class DrawTests
{
    // 100 RUB per lead, and a draw of 10 000 a month.
    private static Assignment WithDraw(bool recoverable) =>
        Assignment(0, new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 100 }) with
        {
            Draw = new DrawTerms { Amount = 10_000m, Recoverable = recoverable },
        };

    private static PayoutResult Month(bool recoverable, int leads, decimal balance, Proration? proration = null) =>
        Pay(WithDraw(recoverable), Values((MetricKeys.Leads, leads)), more: input => input with { DrawBalance = balance, Proration = proration });

    [Fact]
    public void A_plain_guarantee_tops_up_and_carries_nothing()
    {
        // 30 leads × 100 = 3 000; topped up by 7 000 to 10 000.
        var result = Month(recoverable: false, 30, balance: 0);
        var draw = Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Draw);
        Assert.Equal((7_000m, "10000 − 3000 = 7000"), (draw.Amount, draw.Formula));
        Assert.Equal((10_000m, 0m), (result.Total, result.DrawBalance));
    }

    [Fact]
    public void A_recoverable_draw_is_recovered_from_later_pay_above_it_until_the_balance_is_gone()
    {
        // October: 3 000 earned, 7 000 topped up → balance 7 000.
        var october = Month(recoverable: true, 30, balance: 0);
        Assert.Equal((10_000m, 7_000m), (october.Total, october.DrawBalance));

        // November: 15 000 earned, 5 000 above the draw recovered → paid 10 000, balance 2 000.
        var november = Month(recoverable: true, 150, october.DrawBalance);
        var recovery = Assert.Single(november.Lines, l => l.Kind == PayoutLineKind.DrawRecovery);
        Assert.Equal((-5_000m, "−min(7000, 15000 − 10000) = -5000"), (recovery.Amount, recovery.Formula));
        Assert.Equal((10_000m, 2_000m), (november.Total, november.DrawBalance));

        // December: 20 000 earned, the last 2 000 recovered → 18 000, balance 0.
        var december = Month(recoverable: true, 200, november.DrawBalance);
        Assert.Equal((18_000m, 0m), (december.Total, december.DrawBalance));
    }

    [Fact]
    public void Half_a_month_guarantees_half_the_draw() =>
        // 15 of 30 days: 3 000 earned × 15/30 = 1 500 after proration, against a 5 000 guarantee → topped up by 3 500.
        Assert.Equal(5_000m, Month(recoverable: false, 30, 0, new Proration(15, 30)).Total);

    [Fact]
    public void A_draw_must_guarantee_something() =>
        Assert.Contains(PlanValidator.ValidateAssignment(WithDraw(true) with { Draw = new DrawTerms { Amount = 0 } }),
            e => e.Path == "draw.amount" && e.Code == "not_positive");
}
