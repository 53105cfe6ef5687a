using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>A component that reached its cap in the reviewed and in the previous period has a target that is too easy:
/// its target for the next period moves to the average actual of the two periods, by at most
/// <see cref="ReviewPolicy.CapTargetRaiseLimit"/>. "Reached its cap" is read from the payout: a cap line that cut the
/// component, attainment at or above an attainment cap, or a step bonus at its <c>maxSteps</c>. Lower-is-better
/// metrics (CPL, churn) get a lower target, which is the harder one.</summary>
internal static class PaidAtCapTwice
{
    public const string Code = "paid_at_cap_twice";

    public static void Apply(SubjectReview s)
    {
        foreach (var component in s.CurrentTerms.Where(c => c is IAttainmentTerms or StepComponent))
        {
            if (s.Claimed.Contains(component.Id))
                continue;
            var current = SubjectReview.Line(s.Current, component.Id);
            var previous = SubjectReview.Line(s.Previous, component.Id);
            var previousTerms = s.PreviousTerms.FirstOrDefault(c => c.Id == component.Id);
            if (current is not { Actual: { } actual, Target: { } target } || previous is not { Actual: { } before, Target: { } previousTarget }
                || previousTerms is null || !AtCap(component, s.Current, current) || !AtCap(previousTerms, s.Previous, previous))
                continue;

            var w = s.W;
            var metric = ComponentMetrics.MetricOf(component)!;
            var definition = SubjectReview.MetricDefinition(metric);
            var average = (actual + before) / 2;
            var observed = w.Say(
                $"{s.Who}: {w.Component(component)} два периода подряд на потолке: {s.PreviousPeriod} — {w.Value(metric, before)} при цели {w.Value(metric, previousTarget)}, " +
                $"{s.Period} — {w.Value(metric, actual)} при цели {w.Value(metric, target)}.",
                $"{s.Who}: {w.Component(component)} reached its cap two periods in a row: {s.PreviousPeriod} — {w.Value(metric, before)} against a target of {w.Value(metric, previousTarget)}, " +
                $"{s.Period} — {w.Value(metric, actual)} against a target of {w.Value(metric, target)}.");
            s.Findings.Add(s.Finding(Code, component, observed) with
            {
                Target = target,
                Actual = actual,
                PreviousActual = before,
                Attainment = current.Attainment,
                PreviousAttainment = previous.Attainment,
            });

            if (s.Next(component.Id) is not { } next || TargetOf(next) is not { } from)
                continue;
            var to = TargetMath.Move(from, average, ReviewPolicy.CapTargetRaiseLimit, definition.HigherIsBetter, definition, s.Currency);
            if (to is null)
                continue;
            s.ProposeTarget(Code, component, from, to.Value, observed + " " + w.Say(
                $"Цель слишком лёгкая: предлагаем ужесточить её {s.When}: с {w.Value(metric, from)} до {w.Value(metric, to.Value)} — " +
                $"к среднему факту двух периодов {w.Value(metric, average)}, не более чем на {w.Pct(ReviewPolicy.CapTargetRaiseLimit)} за шаг.",
                $"The target is too easy: make it harder {s.When}: from {w.Value(metric, from)} to {w.Value(metric, to.Value)}, " +
                $"toward the two periods' average actual of {w.Value(metric, average)}, by at most {w.Pct(ReviewPolicy.CapTargetRaiseLimit)} per step."));
        }
    }

    public static bool AtCap(Component terms, PayoutResult result, PayoutLine line) =>
        SubjectReview.CapCut(result, terms.Id) || terms switch
        {
            IAttainmentTerms { Cap: { } cap } => line.Attainment >= cap,
            StepComponent { MaxSteps: { } max } step when line.Actual is { } value => Steps(step, value) >= max,
            _ => false,
        };

    public static decimal? TargetOf(Component component) => component switch
    {
        IAttainmentTerms t => t.Target,
        StepComponent s => s.Target,
        _ => null,
    };

    private static decimal Steps(StepComponent step, decimal value)
    {
        var excess = SubjectReview.MetricDefinition(step.Metric).HigherIsBetter ? value - step.Target : step.Target - value;
        return excess > 0 ? decimal.Floor(excess / step.Every) : 0m;
    }
}
