using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using static Saas.Engine.Tests.Payouts.Kit;

namespace Saas.Engine.Tests.Payouts;

public class PerUnitPayoutTests
{
    // The lead generator on the client's budget: a low fixed amount per lead while CPL stays at most 1 500.
    private static PerUnitComponent PerLead(decimal? rate = 300, IReadOnlyList<Tier>? tiers = null, TierMode mode = TierMode.Marginal,
        bool condition = true) => new()
        {
            Id = "leads",
            Metric = MetricKeys.Leads,
            Rate = rate,
            Tiers = tiers,
            TierMode = mode,
            Condition = condition ? new MetricCondition(MetricKeys.Cpl, ComparisonOperator.AtMost, 1_500) : null,
        };

    [Theory]
    // 120 leads × 300 = 36 000 while CPL 1 200 ≤ 1 500.
    [InlineData(1_200, 36_000, LineOutcome.Paid)]
    // CPL exactly at the limit still pays.
    [InlineData(1_500, 36_000, LineOutcome.Paid)]
    // CPL 1 501 > 1 500: nothing per lead.
    [InlineData(1_501, 0, LineOutcome.ConditionNotMet)]
    public void Pays_per_lead_only_while_cost_per_lead_is_under_the_limit(int cpl, int expected, LineOutcome outcome)
    {
        var line = Pay(Assignment(0, PerLead()), Values((MetricKeys.Leads, 120), (MetricKeys.Cpl, cpl))).Line("leads");

        Assert.Equal(expected, line.Amount);
        Assert.Equal(outcome, line.Outcome);
    }

    [Fact]
    public void Explains_the_condition_in_russian()
    {
        var paid = Pay(Assignment(0, PerLead()), Values((MetricKeys.Leads, 120), (MetricKeys.Cpl, 1_200)), "ru").Line("leads");
        var refused = Pay(Assignment(0, PerLead()), Values((MetricKeys.Leads, 120), (MetricKeys.Cpl, 1_800)), "ru").Line("leads");

        Assert.Equal("cpl 1200 ≤ 1500; 120 × 300 = 36000", paid.Formula);
        Assert.Equal("Лиды: 120 × 300 ₽ = 36 000 ₽ (Стоимость лида (CPL) 1 200 ₽ ≤ 1 500 ₽ — условие выполнено)", Plain(paid.Explanation));
        Assert.Equal("cpl 1800 > 1500 → 0", refused.Formula);
        Assert.Equal("Лиды 120: Стоимость лида (CPL) 1 800 ₽ выше предела 1 500 ₽ — оплата за единицу не начислена", Plain(refused.Explanation));
    }

    [Fact]
    public void Missing_condition_value_pays_nothing()
    {
        var line = Pay(Assignment(0, PerLead()), Values((MetricKeys.Leads, 120))).Line("leads");

        Assert.Equal(LineOutcome.MissingData, line.Outcome);
        Assert.Equal(0m, line.Amount);
        Assert.Equal("cpl: no data → 0", line.Formula);
    }

    [Theory]
    // Marginal: leads 1–100 at 300, the rest at 400. 120 → 100 × 300 + 20 × 400 = 38 000.
    [InlineData(TierMode.Marginal, 120, 38_000)]
    // Flat: 120 reaches the 400 tier for all → 48 000.
    [InlineData(TierMode.Flat, 120, 48_000)]
    // Flat below the second tier: 99 × 300 = 29 700.
    [InlineData(TierMode.Flat, 99, 29_700)]
    // Exactly at the tier start: flat 100 × 400 = 40 000; marginal 100 × 300 = 30 000.
    [InlineData(TierMode.Flat, 100, 40_000)]
    [InlineData(TierMode.Marginal, 100, 30_000)]
    public void Tiers_on_units(TierMode mode, int leads, int expected)
    {
        var component = PerLead(rate: null, tiers: [new Tier(0, 300), new Tier(100, 400)], mode: mode, condition: false);

        var line = Pay(Assignment(0, component), Values((MetricKeys.Leads, leads))).Line("leads");

        Assert.Equal(expected, line.Amount);
    }
}

public class SharePayoutTests
{
    // D1: closed, 200 000 revenue, all credit. D2: closed, 100 000, half the credit. D3: sourced, 300 000.
    private static readonly CreditedDeal[] Deals =
    [
        new() { DealId = "D1", Role = DealRole.Closed, Revenue = 200_000, GrossProfit = 80_000, ClosedOn = new DateOnly(2026, 11, 5) },
        new() { DealId = "D2", Role = DealRole.Closed, Revenue = 100_000, GrossProfit = null, Share = 0.5m, ClosedOn = new DateOnly(2026, 11, 12) },
        new() { DealId = "D3", Role = DealRole.Sourced, Revenue = 300_000, OperatingProfit = 60_000, ClosedOn = new DateOnly(2026, 11, 20) },
    ];

    private static PayoutResult Run(ShareComponent share, string locale = "en", IReadOnlyList<CreditedDeal>? deals = null) =>
        Pay(Assignment(0, share), locale: locale, more: input => input with { Deals = deals ?? Deals });

    private static ShareComponent Share(ShareCredit credit = ShareCredit.Closed, decimal? rate = 0.05m, IReadOnlyList<Tier>? tiers = null,
        TierMode mode = TierMode.Marginal, TierBasis basis = TierBasis.Cumulative, decimal? target = null,
        ShareMeasure measure = ShareMeasure.Revenue) => new()
        {
            Id = "share",
            Measure = measure,
            Credit = credit,
            Rate = rate,
            Tiers = tiers,
            TierMode = mode,
            TierBasis = basis,
            Target = target,
        };

    [Fact]
    public void Flat_percentage_of_revenue_of_closed_deals_at_their_split()
    {
        // (200 000 × 1 + 100 000 × 0.5) × 5 % = 250 000 × 0.05 = 12 500.
        var line = Run(Share()).Line("share");

        Assert.Equal(12_500m, line.Amount);
        Assert.Equal(250_000m, line.Actual);
        Assert.Equal("total = 200000 × 1 + 100000 × 0.5 = 250000; 250000 × 0.05 = 12500", line.Formula);
    }

    [Fact]
    public void Operating_profit_of_sourced_deals()
    {
        // D3 only: 60 000 × 10 % = 6 000.
        var line = Run(Share(ShareCredit.Sourced, 0.1m, measure: ShareMeasure.OperatingProfit), "ru").Line("share");

        Assert.Equal(6_000m, line.Amount);
        Assert.Equal("Доля операционной прибыли: сделки с лидов сотрудника (1): 60 000 ₽; 60 000 ₽ × 10 % = 6 000 ₽", Plain(line.Explanation));
    }

    [Fact]
    public void Any_credit_counts_closed_and_sourced()
    {
        // (200 000 + 50 000 + 300 000) × 1 % = 5 500.
        Assert.Equal(5_500m, Run(Share(ShareCredit.Any, 0.01m)).Line("share").Amount);
    }

    [Theory]
    // Target 200 000; tiers 5 % up to 100 % attainment, 8 % above. Closed total 250 000 = 125 %.
    // Marginal: 200 000 × 5 % + 50 000 × 8 % = 10 000 + 4 000 = 14 000.
    [InlineData(TierMode.Marginal, 14_000)]
    // Flat: 250 000 × 8 % = 20 000.
    [InlineData(TierMode.Flat, 20_000)]
    public void Cumulative_tiers_are_on_the_period_attainment(TierMode mode, int expected)
    {
        var line = Run(Share(rate: null, tiers: [new Tier(0, 0.05m), new Tier(1, 0.08m)], mode: mode, target: 200_000)).Line("share");

        Assert.Equal(expected, line.Amount);
        Assert.Equal(1.25m, line.Attainment);
        Assert.Equal(2, line.Tier);
    }

    [Theory]
    // Per deal, tiers on each deal's credited value: 5 % up to 150 000, 7 % above.
    // Marginal: D1 150 000 × 5 % + 50 000 × 7 % = 11 000; D2 50 000 × 5 % = 2 500.
    [InlineData(TierMode.Marginal, 11_000, 2_500)]
    // Flat: D1 200 000 × 7 % = 14 000; D2 50 000 × 5 % = 2 500.
    [InlineData(TierMode.Flat, 14_000, 2_500)]
    public void Per_deal_tiers_rate_each_deal_on_its_own_line(TierMode mode, int d1, int d2)
    {
        var result = Run(Share(rate: null, tiers: [new Tier(0, 0.05m), new Tier(150_000, 0.07m)], mode: mode, basis: TierBasis.PerDeal));

        var lines = result.Lines.Where(l => l.ComponentId == "share").ToList();
        Assert.Equal(["D1", "D2"], lines.Select(l => l.DealId));
        Assert.Equal([d1, d2], lines.Select(l => l.Amount));
        Assert.Equal(d1 + d2, result.Total);
    }

    [Fact]
    public void Per_deal_line_explains_the_split()
    {
        var result = Run(Share(rate: 0.05m, basis: TierBasis.PerDeal), "ru");

        var d2 = Assert.Single(result.Lines, l => l.DealId == "D2");
        Assert.Equal("100000 × 0.5 = 50000; 50000 × 0.05 = 2500", d2.Formula);
        Assert.Equal("Сделка D2 от 12.11.2026: выручка 100 000 ₽ × доля 50 % = 50 000 ₽; 50 000 ₽ × 5 % = 2 500 ₽", Plain(d2.Explanation));
    }

    [Fact]
    public void A_deal_without_the_measure_is_left_out_and_named()
    {
        // Gross profit: D1 80 000 counted, D2 has none. 80 000 × 10 % = 8 000.
        var cumulative = Run(Share(rate: 0.1m, measure: ShareMeasure.GrossProfit)).Line("share");
        Assert.Equal(8_000m, cumulative.Amount);
        Assert.Contains("(1 without data not counted)", cumulative.Explanation);

        var perDeal = Run(Share(rate: 0.1m, measure: ShareMeasure.GrossProfit, basis: TierBasis.PerDeal));
        Assert.Equal(LineOutcome.MissingData, Assert.Single(perDeal.Lines, l => l.DealId == "D2").Outcome);
        Assert.Equal(8_000m, perDeal.Total);
    }

    [Fact]
    public void No_deals_pays_nothing()
    {
        var line = Run(Share(), deals: []).Line("share");

        Assert.Equal(0m, line.Amount);
        Assert.Equal(LineOutcome.NotReached, line.Outcome);
    }

    [Fact]
    public void A_split_share_outside_zero_to_one_is_refused()
    {
        CreditedDeal[] deals = [new() { DealId = "X", Role = DealRole.Closed, Revenue = 1, Share = 1.5m, ClosedOn = new DateOnly(2026, 11, 1) }];

        Assert.Throws<ArgumentException>(() => Run(Share(), deals: deals));
    }

    [Fact]
    public void Money_breakpoints_on_the_periods_total_need_no_target()
    {
        // Credited total 250 000 (200 000 + 100 000 × 0.5). Marginal: 1 % of the first 100 000 + 2 % of the 150 000 above = 1 000 + 3 000.
        var tiers = new[] { new Tier(0m, 0.01m), new Tier(100_000m, 0.02m) };
        var marginal = Run(Share(rate: null, tiers: tiers, basis: TierBasis.Total)).Line("share");
        Assert.Equal((4_000m, 250_000m, (decimal?)null, 2), (marginal.Amount, marginal.Actual!.Value, marginal.Attainment, marginal.Tier!.Value));

        // Flat: the whole 250 000 at the tier reached, 2 % = 5 000.
        Assert.Equal(5_000m, Run(Share(rate: null, tiers: tiers, mode: TierMode.Flat, basis: TierBasis.Total)).Line("share").Amount);

        // Below the second breakpoint only the first rate: D2 alone is 100 000 × 0.5 = 50 000, 1 % = 500.
        Assert.Equal(500m, Run(Share(rate: null, tiers: tiers, basis: TierBasis.Total), deals: [Deals[1]]).Line("share").Amount);
    }

    [Fact]
    public void Total_tiers_take_no_target_and_cumulative_ones_still_need_one()
    {
        var tiers = new[] { new Tier(0m, 0.01m), new Tier(100_000m, 0.02m) };
        PlanDocument Plan(ShareComponent share) => new()
        {
            Name = "Tiers",
            Currency = "RUB",
            Periods = ["2026-11"],
            Assignments = [new Assignment { Role = Saas.Engine.Common.Role.SalesManager, Components = [share] }],
        };
        Assert.Empty(PlanValidator.Validate(Plan(Share(rate: null, tiers: tiers, basis: TierBasis.Total))));
        Assert.Equal("not_applicable", Assert.Single(PlanValidator.Validate(Plan(Share(rate: null, tiers: tiers, basis: TierBasis.Total, target: 300_000m)))).Code);
        Assert.Equal("required", Assert.Single(PlanValidator.Validate(Plan(Share(rate: null, tiers: tiers, basis: TierBasis.Cumulative)))).Code);
    }
}
