using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>Sliding bonus: <c>target variable pay × rate × full steps beyond target</c>, at most <c>maxSteps</c>.
/// Only full steps count: 19 SQL over plan at 10 per step is one step.</summary>
internal static class StepPayout
{
    public static PayoutLine Calculate(StepComponent step, PayoutContext ctx)
    {
        var metric = MetricCatalogue.Get(step.Metric);
        var actual = ctx.Input.Actuals.Find(step.Metric);
        var line = ctx.Line(step) with { Metric = step.Metric, Target = step.Target, Actual = actual, Rate = step.Rate };
        if (actual is not { } value)
            return ctx.Missing(line, step.Metric, ctx.Name(metric));

        var higher = metric.HigherIsBetter;
        var excess = higher ? value - step.Target : step.Target - value;
        var head = ctx.Say(
            $"{ctx.Name(metric)} {ctx.Value(metric, value)} при плане {ctx.Value(metric, step.Target)}",
            $"{ctx.Name(metric)} {ctx.Value(metric, value)} against a plan of {ctx.Value(metric, step.Target)}");
        var excessFormula = higher ? $"({Inv(value)} − {Inv(step.Target)})" : $"({Inv(step.Target)} − {Inv(value)})";
        var fullSteps = excess > 0 ? decimal.Floor(excess / step.Every) : 0m;
        var steps = step.MaxSteps is { } max ? Math.Min(fullSteps, max) : fullSteps;
        var stepsFormula = $"floor(max(0, {excessFormula}) / {Inv(step.Every)}) = {Inv(fullSteps)}" +
            (steps < fullSteps ? $"; min({Inv(fullSteps)}, {step.MaxSteps}) = {Inv(steps)}" : "");

        if (steps == 0)
            return line with
            {
                Outcome = LineOutcome.NotReached,
                Formula = $"{stepsFormula}; 0 steps → 0",
                Explanation = ctx.Explain(line, head + (excess > 0
                    ? ctx.Say($": лучше плана на {ctx.Value(metric, excess)}, меньше одного шага в {ctx.Value(metric, step.Every)} — не начислено",
                        $": {ctx.Value(metric, excess)} better than plan, less than one step of {ctx.Value(metric, step.Every)} — nothing earned")
                    : ctx.Say(": план не превышен — не начислено", ": plan not beaten — nothing earned"))),
            };

        var amount = ctx.TargetPay * step.Rate * steps;
        var beyond = higher
            ? ctx.Say($"сверх плана {ctx.Value(metric, excess)}", $"{ctx.Value(metric, excess)} above plan")
            : ctx.Say($"лучше плана на {ctx.Value(metric, excess)}", $"{ctx.Value(metric, excess)} better than plan");
        var limit = steps < fullSteps ? ctx.Say($" (не более {step.MaxSteps})", $" (at most {step.MaxSteps})") : "";
        return line with
        {
            Amount = amount,
            Formula = $"{stepsFormula}; {Inv(ctx.TargetPay)} × {Inv(step.Rate)} × {Inv(steps)} = {Inv(amount)}",
            Explanation = ctx.Explain(line, head + ctx.Say(
                $": {beyond}, шагов по {ctx.Value(metric, step.Every)}: {ctx.Num(steps)}{limit}, по {ctx.Pct(step.Rate)} целевой премии за шаг: " +
                $"{ctx.Num(ctx.TargetPay)} × {ctx.Num(step.Rate)} × {ctx.Num(steps)} = {ctx.Money(amount)}",
                $": {beyond}, steps of {ctx.Value(metric, step.Every)}: {ctx.Num(steps)}{limit}, {ctx.Pct(step.Rate)} of the target bonus per step: " +
                $"{ctx.Num(ctx.TargetPay)} × {ctx.Num(step.Rate)} × {ctx.Num(steps)} = {ctx.Money(amount)}")),
        };
    }
}
