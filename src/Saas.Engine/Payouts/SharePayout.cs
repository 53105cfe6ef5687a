using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>A percentage of the revenue or profit of credited deals, each taken at the employee's split share.
/// Cumulative basis: one line, tiers on the period's attainment (credited total ÷ target). Total basis: one line, tiers
/// on the credited total in money. Per-deal basis: one line per deal, tiers on that deal's credited value.</summary>
internal static class SharePayout
{
    public static IReadOnlyList<PayoutLine> Calculate(ShareComponent share, PayoutContext ctx)
    {
        var metric = share.Measure switch
        {
            ShareMeasure.GrossProfit => "gross_profit",
            ShareMeasure.OperatingProfit => "operating_profit",
            _ => "revenue",
        };
        var line = ctx.Line(share) with { Metric = metric, Target = share.Target };
        var deals = ctx.Input.Deals.Where(d => share.Credit switch
        {
            ShareCredit.Closed => d.Role == DealRole.Closed,
            ShareCredit.Sourced => d.Role == DealRole.Sourced,
            _ => true,
        }).ToList();
        var whose = share.Credit switch
        {
            ShareCredit.Closed => ctx.Say("сделки, закрытые сотрудником", "deals closed by the employee"),
            ShareCredit.Sourced => ctx.Say("сделки с лидов сотрудника", "deals sourced by the employee"),
            _ => ctx.Say("сделки, засчитанные сотруднику", "deals credited to the employee"),
        };
        var (measure, ofMeasure) = share.Measure switch
        {
            ShareMeasure.GrossProfit => (ctx.Say("валовая прибыль", "gross profit"), ctx.Say("валовой прибыли", "gross profit")),
            ShareMeasure.OperatingProfit => (ctx.Say("операционная прибыль", "operating profit"), ctx.Say("операционной прибыли", "operating profit")),
            _ => (ctx.Say("выручка", "revenue"), ctx.Say("выручки", "revenue")),
        };
        var subject = ctx.Say($"Доля {ofMeasure}", $"Share of {ofMeasure}");
        if (deals.Count == 0)
            return [line with
            {
                Outcome = LineOutcome.NotReached,
                Formula = "no deals → 0",
                Explanation = ctx.Explain(line, ctx.Say($"{subject}: за период нет сделок (учитываются {whose}) — не начислено",
                    $"{subject}: no {whose} in the period — nothing earned")),
            }];

        var tiers = share.Tiers ?? [new Tier(0m, share.Rate!.Value)];
        return share.TierBasis == TierBasis.PerDeal
            ? deals.Select(deal => PerDeal(share, deal, tiers, line, measure, ctx)).ToList()
            : [Cumulative(share, deals, tiers, line, $"{subject}: {whose}", ctx)];
    }

    private static decimal? Value(ShareMeasure measure, CreditedDeal deal) => measure switch
    {
        ShareMeasure.GrossProfit => deal.GrossProfit,
        ShareMeasure.OperatingProfit => deal.OperatingProfit,
        _ => deal.Revenue,
    };

    private static PayoutLine PerDeal(ShareComponent share, CreditedDeal deal, IReadOnlyList<Tier> tiers, PayoutLine line,
        string measure, PayoutContext ctx)
    {
        var subject = ctx.Say($"Сделка {deal.DealId} от {ctx.Date(deal.ClosedOn)}", $"Deal {deal.DealId} of {ctx.Date(deal.ClosedOn)}");
        line = line with { DealId = deal.DealId };
        if (Value(share.Measure, deal) is not { } value)
            return ctx.Missing(line, line.Metric!, $"{subject}: {measure}");

        var credited = value * deal.Share;
        var rule = DealRule.FirstMatching(share.DealRules, deal.Attributes);
        var result = Tiers.Evaluate(credited, rule?.Rate is { } ruleRate ? [new Tier(0m, ruleRate)] : tiers, share.TierMode);
        var multiplier = rule?.Multiplier ?? 1m;
        var amount = result.Value * multiplier;
        var (formula, text) = ($"{Inv(value)} × {Inv(deal.Share)} = {Inv(credited)}; {Tiers.Render(result.Parts, Inv, Inv)}",
            $"{Tiers.Render(result.Parts, ctx.Money, ctx.Pct)}");
        if (rule is not null)
        {
            var name = ctx.Say($"правило «{rule.Describe()}»", $"rule '{rule.Describe()}'");
            text = rule.Rate is { } rate
                ? ctx.Say($"{name}: ставка {ctx.Pct(rate)}; {text}", $"{name}: rate {ctx.Pct(rate)}; {text}")
                : $"{text} = {ctx.Money(result.Value)}; {name}: × {ctx.Num(multiplier)}";
            if (rule.Multiplier is not null)
                formula += $" = {Inv(result.Value)}; × {Inv(multiplier)}";
        }
        return line with
        {
            Outcome = amount > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Actual = credited,
            Rate = result.Rate,
            Tier = share.Tiers is null || rule?.Rate is not null ? null : result.Reached + 1,
            Rule = rule?.Describe(),
            Multiplier = rule?.Multiplier,
            Amount = amount,
            Formula = $"{formula} = {Inv(amount)}",
            Explanation = ctx.Explain(line, ctx.Say(
                $"{subject}: {measure} {ctx.Money(value)} × доля {ctx.Pct(deal.Share)} = {ctx.Money(credited)}; {text} = {ctx.Money(amount)}",
                $"{subject}: {measure} {ctx.Money(value)} × share {ctx.Pct(deal.Share)} = {ctx.Money(credited)}; {text} = {ctx.Money(amount)}")),
        };
    }

    private static PayoutLine Cumulative(ShareComponent share, List<CreditedDeal> deals, IReadOnlyList<Tier> tiers, PayoutLine line,
        string subject, PayoutContext ctx)
    {
        var counted = deals.Where(d => Value(share.Measure, d) is not null).ToList();
        var skipped = deals.Count - counted.Count;
        var total = counted.Sum(d => Value(share.Measure, d)!.Value * d.Share);
        var sumFormula = counted.Count == 0
            ? "0"
            : string.Join(" + ", counted.Select(d => $"{Inv(Value(share.Measure, d)!.Value)} × {Inv(d.Share)}"));
        var formula = $"total = {sumFormula} = {Inv(total)}";
        var text = $"{subject} ({counted.Count}): {ctx.Money(total)}";
        if (skipped > 0)
            text += ctx.Say($" (без данных, не учтены: {skipped})", $" ({skipped} without data not counted)");

        // Cumulative tiers start at attainments of the target; scaling them by the target slices the money total. Total tiers
        // start at money already.
        var onAttainment = share.TierBasis == TierBasis.Cumulative && share.Tiers is not null;
        var scale = onAttainment && share.Target is { } target ? target : 1m;
        line = line with { Actual = total };
        if (onAttainment && share.Target is { } t)
        {
            var attainment = total / t;
            line = line with { Attainment = attainment };
            formula += $"; a = {Inv(total)} / {Inv(t)} = {Inv(attainment)}";
            text += ctx.Say($" при цели {ctx.Money(t)}: выполнение {ctx.Pct(attainment)}", $" against a target of {ctx.Money(t)}: attainment {ctx.Pct(attainment)}");
        }
        var result = Tiers.Evaluate(total, tiers, share.TierMode, scale);
        return line with
        {
            Outcome = result.Value > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Rate = result.Rate,
            Tier = share.Tiers is null ? null : result.Reached + 1,
            Amount = result.Value,
            Formula = $"{formula}; {Tiers.Render(result.Parts, Inv, Inv)} = {Inv(result.Value)}",
            Explanation = ctx.Explain(line, text + $"; {Tiers.Render(result.Parts, ctx.Money, ctx.Pct)} = {ctx.Money(result.Value)}"),
        };
    }
}
