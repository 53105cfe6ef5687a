using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>Attainment and team components: <c>target variable pay × weight × curve(min(attainment, cap))</c>,
/// nothing below the threshold.</summary>
internal static class AttainmentPayout
{
    public static PayoutLine Calculate<T>(T terms, PayoutContext ctx) where T : Component, IAttainmentTerms
    {
        var metric = MetricCatalogue.Get(terms.Metric);
        var group = (terms as TeamComponent)?.Group;
        var values = group is null ? ctx.Input.Actuals : ctx.Input.GroupActuals.GetValueOrDefault(group);
        var actual = values?.Find(terms.Metric);
        var subject = group is null
            ? ctx.Name(metric)
            : ctx.Say($"Командный показатель «{group}»: {ctx.Name(metric)}", $"Team KPI '{group}': {ctx.Name(metric)}");
        var line = ctx.Line(terms) with { Metric = terms.Metric, Target = terms.Target, Actual = actual };
        if (actual is not { } value)
            return ctx.Missing(line, terms.Metric, subject);

        var attainment = Attainment.Of(value, terms.Target, metric.Direction);
        line = line with { Attainment = attainment };
        var formula = "a = " + Attainment.Formula(value, terms.Target, metric.Direction, attainment);
        var text = ctx.Say(
            $"{subject} {ctx.Value(metric, value)} при цели {ctx.Value(metric, terms.Target)}: выполнение {ctx.Pct(attainment)}",
            $"{subject} {ctx.Value(metric, value)} against a target of {ctx.Value(metric, terms.Target)}: attainment {ctx.Pct(attainment)}");

        if (terms.Threshold is { } threshold && attainment < threshold)
            return line with
            {
                Outcome = LineOutcome.BelowThreshold,
                Formula = $"{formula}; {Inv(attainment)} < {Inv(threshold)} → 0",
                Explanation = ctx.Explain(line, text + ctx.Say(
                    $", ниже порога {ctx.Pct(threshold)} — не начислено",
                    $", below the {ctx.Pct(threshold)} threshold — nothing earned")),
            };

        var counted = attainment;
        if (terms.Cap is { } cap && attainment > cap)
        {
            counted = cap;
            formula += $"; min({Inv(attainment)}, {Inv(cap)}) = {Inv(cap)}";
            text += ctx.Say($", учтено {ctx.Pct(cap)} (потолок)", $", counted as {ctx.Pct(cap)} (cap)");
        }

        var curve = Evaluate(terms.Curve ?? Curve.Linear, counted, ctx);
        var amount = ctx.TargetPay * terms.Weight * curve.Factor;
        formula += $"; {Inv(ctx.TargetPay)} × {Inv(terms.Weight)} × {curve.Formula} = {Inv(amount)}";
        text += ctx.Say($", вес {ctx.Pct(terms.Weight)}", $", weight {ctx.Pct(terms.Weight)}") + curve.Description +
            $", {ctx.Num(ctx.TargetPay)} × {ctx.Num(terms.Weight)} × {ctx.Factor(curve.Factor)} = {ctx.Money(amount)}";
        return line with
        {
            Outcome = amount > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Rate = curve.Rate,
            Tier = curve.Tier,
            Amount = amount,
            Formula = formula,
            Explanation = ctx.Explain(line, text),
        };
    }

    private sealed record CurveResult(decimal Factor, string Formula, string Description, decimal? Rate = null, int? Tier = null);

    private static CurveResult Evaluate(Curve curve, decimal attainment, PayoutContext ctx)
    {
        switch (curve.Mode)
        {
            case CurveMode.Marginal:
                {
                    var tiers = Tiers.Evaluate(attainment, curve.Tiers!, TierMode.Marginal);
                    return new CurveResult(tiers.Value,
                        $"({Tiers.Render(tiers.Parts, Inv, Inv)})",
                        ctx.Say(", по ступеням: ", ", by tiers: ") + Tiers.Render(tiers.Parts, ctx.Pct, ctx.Num) + " = " + ctx.Factor(tiers.Value),
                        tiers.Rate, tiers.Reached + 1);
                }
            case CurveMode.Flat:
                {
                    var tiers = Tiers.Evaluate(attainment, curve.Tiers!, TierMode.Flat);
                    var from = ctx.Pct(curve.Tiers![tiers.Reached].From);
                    return new CurveResult(tiers.Value,
                        $"{Inv(attainment)} × {Inv(tiers.Rate)}",
                        ctx.Say($", ступень от {from}: ставка {ctx.Num(tiers.Rate)} на всё выполнение",
                            $", tier from {from}: rate {ctx.Num(tiers.Rate)} on the whole attainment") +
                        $" ({ctx.Factor(attainment)} × {ctx.Num(tiers.Rate)})",
                        tiers.Rate, tiers.Reached + 1);
                }
            case CurveMode.Interpolated:
                return Interpolate(curve.Points!, attainment, ctx);
            default:
                return new CurveResult(attainment, Inv(attainment), "");
        }
    }

    private static CurveResult Interpolate(IReadOnlyList<CurvePoint> points, decimal attainment, PayoutContext ctx)
    {
        var (first, last) = (points[0], points[^1]);
        if (attainment < first.Attainment)
            return new CurveResult(0m, "0",
                ctx.Say($", ниже начала таблицы ({ctx.Pct(first.Attainment)}) — 0", $", below the table's first point ({ctx.Pct(first.Attainment)}) — 0"));
        if (attainment >= last.Attainment)
            return new CurveResult(last.Payout, Inv(last.Payout),
                ctx.Say($", по таблице: от {ctx.Pct(last.Attainment)} — {ctx.Factor(last.Payout)}",
                    $", by the table: from {ctx.Pct(last.Attainment)} on, {ctx.Factor(last.Payout)}"),
                Tier: points.Count);
        var i = 0;
        while (points[i + 1].Attainment <= attainment)
            i++;
        var (low, high) = (points[i], points[i + 1]);
        // Multiply before dividing: fewer digits lost to a repeating quotient.
        var factor = low.Payout + (attainment - low.Attainment) * (high.Payout - low.Payout) / (high.Attainment - low.Attainment);
        return new CurveResult(factor,
            $"({Inv(low.Payout)} + ({Inv(attainment)} − {Inv(low.Attainment)}) × ({Inv(high.Payout)} − {Inv(low.Payout)}) / ({Inv(high.Attainment)} − {Inv(low.Attainment)}))",
            ctx.Say($", по таблице между {ctx.Pct(low.Attainment)} → {ctx.Factor(low.Payout)} и {ctx.Pct(high.Attainment)} → {ctx.Factor(high.Payout)}: {ctx.Factor(factor)}",
                $", by the table between {ctx.Pct(low.Attainment)} → {ctx.Factor(low.Payout)} and {ctx.Pct(high.Attainment)} → {ctx.Factor(high.Payout)}: {ctx.Factor(factor)}"),
            Tier: i + 1);
    }
}
