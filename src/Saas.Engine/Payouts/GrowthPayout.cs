using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>Pays the bonus when the metric improved on the previous period (rose, or fell for lower-is-better
/// metrics) by more than nothing and by at least the minimum. From a previous value of 0, any improvement counts
/// as enough percent growth: the percentage is undefined, the improvement is not.</summary>
internal static class GrowthPayout
{
    public static PayoutLine Calculate(GrowthComponent growth, PayoutContext ctx)
    {
        var metric = MetricCatalogue.Get(growth.Metric);
        var current = ctx.Input.Actuals.Find(growth.Metric);
        var previous = ctx.Input.PreviousActuals.Find(growth.Metric);
        var line = ctx.Line(growth) with { Metric = growth.Metric, Target = previous, Actual = current };
        if (current is not { } now)
            return ctx.Missing(line, growth.Metric, ctx.Name(metric));
        if (previous is not { } before)
            return ctx.Missing(line, growth.Metric, ctx.Name(metric), previousPeriod: true);

        var higher = metric.HigherIsBetter;
        var improvement = higher ? now - before : before - now;
        var difference = higher ? $"{Inv(now)} − {Inv(before)}" : $"{Inv(before)} − {Inv(now)}";
        bool met;
        string formula, shown, minimum;
        if (growth.Measure == GrowthMeasure.Absolute)
        {
            met = improvement > 0 && improvement >= growth.Minimum;
            formula = $"{difference} = {Inv(improvement)}; {Inv(improvement)} > 0 and ≥ {Inv(growth.Minimum)}";
            shown = ctx.Value(metric, improvement);
            minimum = ctx.Value(metric, growth.Minimum);
        }
        else if (before == 0)
        {
            met = improvement > 0;
            formula = $"{difference} = {Inv(improvement)}; from 0: {Inv(improvement)} > 0";
            shown = ctx.Say("с нуля", "from zero");
            minimum = ctx.Pct(growth.Minimum);
        }
        else
        {
            var rate = improvement / Math.Abs(before);
            met = improvement > 0 && rate >= growth.Minimum;
            formula = $"({difference}) / {Inv(Math.Abs(before))} = {Inv(rate)}; {Inv(rate)} > 0 and ≥ {Inv(growth.Minimum)}";
            shown = ctx.Pct(rate);
            minimum = ctx.Pct(growth.Minimum);
        }

        var what = higher ? ctx.Say("рост", "growth") : ctx.Say("снижение", "decrease");
        var text = ctx.Say(
            $"{ctx.Name(metric)} {ctx.Value(metric, now)} против {ctx.Value(metric, before)} в прошлом периоде: {what} {shown}",
            $"{ctx.Name(metric)} {ctx.Value(metric, now)} against {ctx.Value(metric, before)} last period: {what} {shown}") +
            (growth.Minimum > 0 ? ctx.Say($" (нужно не меньше {minimum})", $" ({minimum} needed)") : "");
        if (!met)
            return line with
            {
                Outcome = LineOutcome.NotReached,
                Formula = formula + " → no → 0",
                Explanation = ctx.Explain(line, text + ctx.Say(" — недостаточно, не начислено", " — not enough, nothing earned")),
            };

        var amount = growth.Bonus.Resolve(ctx.TargetPay);
        var bonusFormula = growth.Bonus.OfTarget is { } share ? $"{Inv(ctx.TargetPay)} × {Inv(share)} = {Inv(amount)}" : Inv(amount);
        return line with
        {
            Amount = amount,
            Formula = $"{formula} → yes → {bonusFormula}",
            Explanation = ctx.Explain(line, text + ctx.Say($" — бонус {ctx.Money(amount)}", $" — bonus {ctx.Money(amount)}")),
        };
    }
}
