using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>A temporary bonus measured over its own date range and settled once, in the period that contains its
/// last day; other periods show no line for it.</summary>
internal static class SpifPayout
{
    public static bool IsSettledIn(SpifComponent spif, PayoutInput input) => input.Period.Contains(spif.To);

    public static PayoutLine Calculate(SpifComponent spif, PayoutContext ctx)
    {
        var metric = MetricCatalogue.Get(spif.Metric);
        var period = ctx.Input.Period;
        var coversPeriod = spif.From == period.Start && spif.To == period.EndExclusive.AddDays(-1);
        var values = ctx.Input.SpifActuals.GetValueOrDefault(spif.Id) ?? (coversPeriod ? ctx.Input.Actuals : null);
        var actual = values?.Find(spif.Metric);
        var line = ctx.Line(spif) with { Metric = spif.Metric, Target = spif.Target, Actual = actual, Rate = spif.PerUnit };
        var range = $"{ctx.Date(spif.From)}–{ctx.Date(spif.To)}";
        var subject = ctx.Say($"Спецбонус {range}: {ctx.Name(metric)}", $"Spif {range}: {ctx.Name(metric)}");
        if (actual is not { } value)
            return ctx.Missing(line, spif.Metric, subject);

        var text = $"{subject} {ctx.Value(metric, value)}";
        var formula = "";
        if (spif.Target is { } target)
        {
            var reached = metric.HigherIsBetter ? value >= target : value <= target;
            formula = $"{Inv(value)} {(metric.HigherIsBetter ? (reached ? "≥" : "<") : (reached ? "≤" : ">"))} {Inv(target)}";
            text += ctx.Say($" при цели {ctx.Value(metric, target)}", $" against a target of {ctx.Value(metric, target)}");
            if (!reached)
                return line with
                {
                    Outcome = LineOutcome.NotReached,
                    Formula = formula + " → 0",
                    Explanation = ctx.Explain(line, text + ctx.Say(" — цель не достигнута, не начислено", " — target not reached, nothing earned")),
                };
            formula += " → ";
        }

        decimal amount;
        if (spif.PerUnit is { } perUnit)
        {
            amount = Math.Max(value, 0m) * perUnit;
            formula += $"{Inv(value)} × {Inv(perUnit)} = {Inv(amount)}";
            text += $": {ctx.Num(value)} × {ctx.Money(perUnit)} = {ctx.Money(amount)}";
        }
        else
        {
            amount = spif.Bonus!.Resolve(ctx.TargetPay);
            formula += spif.Bonus.OfTarget is { } share ? $"{Inv(ctx.TargetPay)} × {Inv(share)} = {Inv(amount)}" : Inv(amount);
            text += ctx.Say($" — цель достигнута, бонус {ctx.Money(amount)}", $" — target reached, bonus {ctx.Money(amount)}");
        }
        return line with
        {
            Outcome = amount > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Amount = amount,
            Formula = formula,
            Explanation = ctx.Explain(line, text),
        };
    }
}
