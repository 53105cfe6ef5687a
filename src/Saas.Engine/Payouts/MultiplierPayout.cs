using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>A multiplier's line: the extra it adds to what the components it applies to earned, at most its cap. The raised
/// amounts replace the earned ones, so that a gate after it withholds the kicker too. No data for its condition counts as
/// not met: a kicker is paid on what was measured.</summary>
internal static class MultiplierPayout
{
    public static IReadOnlyList<PayoutLine> Apply(MultiplierComponent multiplier, Dictionary<string, decimal> earned,
        IReadOnlyList<Component> components, PayoutContext ctx)
    {
        if (!multiplier.AppliesIn(ctx.Input.Period.ToString()))
            return [];
        var line = ctx.Line(multiplier) with { Kind = PayoutLineKind.Multiplier, Rate = multiplier.Factor };
        var name = ctx.Say($"Множитель «{multiplier.Label ?? multiplier.Id}» × {ctx.Num(multiplier.Factor)}",
            $"Multiplier '{multiplier.Label ?? multiplier.Id}' × {ctx.Num(multiplier.Factor)}");
        var conditionText = "";
        var conditionFormula = "";
        if (multiplier.Condition is { } condition)
        {
            var metric = MetricCatalogue.Get(condition.Metric);
            var actual = ctx.Input.Actuals.Find(condition.Metric);
            line = line with { Metric = condition.Metric, Target = condition.Value, Actual = actual };
            var rule = ctx.Rule(condition);
            if (actual is not { } value || !Holds(condition, value))
                return [line with
                {
                    Outcome = actual is null ? LineOutcome.MissingData : LineOutcome.ConditionNotMet,
                    Formula = $"{Test(condition, actual)} → × 1",
                    Explanation = ctx.Say(
                        $"{name}, если {rule}: {(actual is { } a ? ctx.Value(metric, a) + " — не выполнено" : "нет данных")}, не применяется",
                        $"{name} when {rule}: {(actual is { } a2 ? ctx.Value(metric, a2) + " — not met" : "no data")}, not applied"),
                }];
            conditionText = ctx.Say($", если {rule}: {ctx.Value(metric, value)} — выполнено", $" when {rule}: {ctx.Value(metric, value)} — met");
            conditionFormula = $"{Test(condition, value)}; ";
        }

        var raised = Applied(multiplier.AppliesTo, earned, components);
        var before = raised.Earned;
        var extra = Math.Max(0m, before * (multiplier.Factor - 1m));
        var cap = multiplier.MaxPayout?.Resolve(ctx.TargetPay);
        var paid = cap is { } most && extra > most ? most : extra;
        // Each raised component by the same factor, so that a clawback can tell what a deal's commission came to.
        var factor = before > 0 ? 1m + paid / before : 1m;
        foreach (var id in raised.Ids)
            earned[id] *= factor;
        line = line with { Multiplier = factor, AppliesTo = raised.Ids };
        if (before <= 0)
            return [line with
            {
                Outcome = LineOutcome.NotReached,
                Formula = $"{conditionFormula}nothing earned to raise → 0",
                Explanation = ctx.Explain(line, ctx.Say($"{name}{conditionText}: нечего увеличивать — 0", $"{name}{conditionText}: nothing earned to raise — 0")),
            }];

        var capText = paid < extra ? ctx.Say($", не более {ctx.Money(paid)}", $", at most {ctx.Money(paid)}") : "";
        return [line with
        {
            Outcome = paid > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Amount = paid,
            Formula = $"{conditionFormula}{raised.Formula} × ({Inv(multiplier.Factor)} − 1) = {Inv(extra)}" +
                (paid < extra ? $"; min({Inv(extra)}, {Inv(paid)}) = {Inv(paid)}" : ""),
            // The parts that differ by language (the name, the condition, the cap) are already in it.
            Explanation = ctx.Explain(line,
                $"{name}{conditionText}: {raised.Names}: {ctx.Money(before)} × {ctx.Num(multiplier.Factor - 1m)} = {ctx.Money(extra)}{capText}"),
        }];
    }
}
