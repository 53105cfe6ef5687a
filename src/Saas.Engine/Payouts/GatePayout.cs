using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>A gate pays nothing itself. When its condition fails it keeps <c>factor</c> of what the gated components
/// earned (after their caps) and shows the rest as a negative line; gates apply one after another. No data counts as a
/// failed condition: a bonus that depends on SLA compliance is not paid on compliance nobody measured.</summary>
internal static class GatePayout
{
    public static PayoutLine Apply(GateComponent gate, Dictionary<string, decimal> earned, IReadOnlyList<Component> components,
        PayoutContext ctx)
    {
        var metric = MetricCatalogue.Get(gate.Metric);
        var actual = ctx.Input.Actuals.Find(gate.Metric);
        var condition = new MetricCondition(gate.Metric, gate.Operator, gate.Value);
        var line = ctx.Line(gate) with { Kind = PayoutLineKind.Gate, Metric = gate.Metric, Target = gate.Value, Actual = actual, Rate = gate.Factor };
        var rule = ctx.Say($"Условие «{ctx.Rule(condition)}»", $"Condition '{ctx.Rule(condition)}'");

        if (actual is { } value && Holds(condition, value))
            return line with
            {
                Outcome = LineOutcome.Passed,
                Formula = $"{Test(condition, value)} → × 1",
                Explanation = ctx.Explain(line, ctx.Say($"{rule}: {ctx.Value(metric, value)} — выполнено, выплаты без изменений",
                    $"{rule}: {ctx.Value(metric, value)} — met, payouts unchanged")),
            };

        var gated = Applied(gate.AppliesTo, earned, components);
        var (before, names, sum) = (gated.Earned, gated.Names, gated.Formula);
        foreach (var id in gated.Ids)
            earned[id] *= gate.Factor;
        var amount = before * gate.Factor - before;

        var observed = actual is { } shown
            ? ctx.Say($"{ctx.Value(metric, shown)} — не выполнено", $"{ctx.Value(metric, shown)} — not met")
            : ctx.Say("нет данных — считается невыполненным", "no data — counted as not met");
        var effect = gate.Factor == 0
            ? ctx.Say($"не выплачиваются: {names}", $"withheld: {names}")
            : ctx.Say($"выплачивается {ctx.Pct(gate.Factor)}: {names}", $"{ctx.Pct(gate.Factor)} paid: {names}");
        return line with
        {
            Outcome = actual is null ? LineOutcome.MissingData : LineOutcome.ConditionNotMet,
            Amount = amount,
            Formula = $"{Test(condition, actual)} → {sum} × ({Inv(gate.Factor)} − 1) = {Inv(amount)}",
            Explanation = ctx.Explain(line, $"{rule}: {observed}, {effect}: {ctx.Money(before)} × {ctx.Num(gate.Factor)} − {ctx.Money(before)} = {ctx.Money(amount)}"),
        };
    }
}
