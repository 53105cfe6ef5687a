using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>An amount per unit, flat or by tiers of units, paid for the whole period only if the condition
/// (e.g. CPL at most 1 500) holds over the period.</summary>
internal static class PerUnitPayout
{
    public static PayoutLine Calculate(PerUnitComponent perUnit, PayoutContext ctx)
    {
        var metric = MetricCatalogue.Get(perUnit.Metric);
        var actual = ctx.Input.Actuals.Find(perUnit.Metric);
        var line = ctx.Line(perUnit) with { Metric = perUnit.Metric, Actual = actual };
        if (actual is not { } units)
            return ctx.Missing(line, perUnit.Metric, ctx.Name(metric));

        var conditionFormula = "";
        var conditionText = "";
        if (perUnit.Condition is { } condition)
        {
            var conditionMetric = MetricCatalogue.Get(condition.Metric);
            var limit = ctx.Value(conditionMetric, condition.Value);
            if (ctx.Input.Actuals.Find(condition.Metric) is not { } observed)
                return ctx.Missing(line, condition.Metric, ctx.Say(
                    $"{ctx.Name(metric)} {ctx.Value(metric, units)}: условие по метрике «{ctx.Name(conditionMetric)}»",
                    $"{ctx.Name(metric)} {ctx.Value(metric, units)}: the condition on {ctx.Name(conditionMetric)}"));
            var holds = Holds(condition, observed);
            conditionFormula = $"{condition.Metric} {Inv(observed)} {Symbol(condition.Operator, holds)} {Inv(condition.Value)}";
            if (!holds)
                return line with
                {
                    Outcome = LineOutcome.ConditionNotMet,
                    Formula = conditionFormula + " → 0",
                    Explanation = ctx.Explain(line, ctx.Say(
                        $"{ctx.Name(metric)} {ctx.Value(metric, units)}: {ctx.Name(conditionMetric)} {ctx.Value(conditionMetric, observed)} " +
                        $"{(condition.Operator == ComparisonOperator.AtMost ? "выше предела" : "ниже минимума")} {limit} — оплата за единицу не начислена",
                        $"{ctx.Name(metric)} {ctx.Value(metric, units)}: {ctx.Name(conditionMetric)} {ctx.Value(conditionMetric, observed)} " +
                        $"is {(condition.Operator == ComparisonOperator.AtMost ? "above the limit of" : "below the minimum of")} {limit} — nothing earned per unit")),
                };
            conditionFormula += "; ";
            conditionText = ctx.Say(
                $" ({ctx.Name(conditionMetric)} {ctx.Value(conditionMetric, observed)} {Symbol(condition.Operator, true)} {limit} — условие выполнено)",
                $" ({ctx.Name(conditionMetric)} {ctx.Value(conditionMetric, observed)} {Symbol(condition.Operator, true)} {limit} — condition met)");
        }

        var tiers = perUnit.Tiers ?? [new Tier(0m, perUnit.Rate!.Value)];
        var result = Tiers.Evaluate(units, tiers, perUnit.TierMode);
        var amount = result.Value;
        return line with
        {
            Outcome = amount > 0 ? LineOutcome.Paid : LineOutcome.NotReached,
            Rate = result.Rate,
            Tier = perUnit.Tiers is null ? null : result.Reached + 1,
            Amount = amount,
            Formula = $"{conditionFormula}{Tiers.Render(result.Parts, Inv, Inv)} = {Inv(amount)}",
            Explanation = ctx.Explain(line,
                $"{ctx.Name(metric)}: {Tiers.Render(result.Parts, ctx.Num, ctx.Money)} = {ctx.Money(amount)}{conditionText}"),
        };
    }
}
