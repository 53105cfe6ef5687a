using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>A component that paid nothing because it was below its threshold in the reviewed and in the previous period
/// has a target that looks out of reach: its target for the next period moves toward the average actual of the two
/// periods, by at most <see cref="ReviewPolicy.BelowThresholdTargetCutLimit"/> (up for lower-is-better metrics, which
/// is the easier way).</summary>
internal static class BelowThresholdTwice
{
    public const string Code = "below_threshold_twice";

    public static void Apply(SubjectReview s)
    {
        foreach (var component in s.CurrentTerms.Where(c => c is IAttainmentTerms))
        {
            if (s.Claimed.Contains(component.Id))
                continue;
            var current = SubjectReview.Line(s.Current, component.Id);
            var previous = SubjectReview.Line(s.Previous, component.Id);
            if (current is not { Outcome: LineOutcome.BelowThreshold, Actual: { } actual, Target: { } target }
                || previous is not { Outcome: LineOutcome.BelowThreshold, Actual: { } before, Target: { } previousTarget })
                continue;

            var w = s.W;
            var terms = (IAttainmentTerms)component;
            var metric = terms.Metric;
            var definition = SubjectReview.MetricDefinition(metric);
            var average = (actual + before) / 2;
            var observed = w.Say(
                $"{s.Who}: {w.Component(component)} два периода подряд ниже порога {w.Pct(terms.Threshold ?? 0)} и не оплачен: " +
                $"{s.PreviousPeriod} — {w.Value(metric, before)} при цели {w.Value(metric, previousTarget)} ({w.Pct(previous.Attainment ?? 0)}), " +
                $"{s.Period} — {w.Value(metric, actual)} при цели {w.Value(metric, target)} ({w.Pct(current.Attainment ?? 0)}).",
                $"{s.Who}: {w.Component(component)} was below its {w.Pct(terms.Threshold ?? 0)} threshold and paid nothing two periods in a row: " +
                $"{s.PreviousPeriod} — {w.Value(metric, before)} against a target of {w.Value(metric, previousTarget)} ({w.Pct(previous.Attainment ?? 0)}), " +
                $"{s.Period} — {w.Value(metric, actual)} against a target of {w.Value(metric, target)} ({w.Pct(current.Attainment ?? 0)}).");
            s.Findings.Add(s.Finding(Code, component, observed) with
            {
                Target = target,
                Actual = actual,
                PreviousActual = before,
                Attainment = current.Attainment,
                PreviousAttainment = previous.Attainment,
            });

            if (s.Next(component.Id) is not IAttainmentTerms next)
                continue;
            var from = next.Target;
            var to = TargetMath.Move(from, average, ReviewPolicy.BelowThresholdTargetCutLimit, !definition.HigherIsBetter, definition, s.Currency);
            if (to is null)
                continue;
            s.ProposeTarget(Code, component, from, to.Value, observed + " " + w.Say(
                $"Цель выглядит недостижимой: предлагаем смягчить её {s.When}: с {w.Value(metric, from)} до {w.Value(metric, to.Value)} — " +
                $"к среднему факту двух периодов {w.Value(metric, average)}, не более чем на {w.Pct(ReviewPolicy.BelowThresholdTargetCutLimit)} за шаг.",
                $"The target looks out of reach: make it easier {s.When}: from {w.Value(metric, from)} to {w.Value(metric, to.Value)}, " +
                $"toward the two periods' average actual of {w.Value(metric, average)}, by at most {w.Pct(ReviewPolicy.BelowThresholdTargetCutLimit)} per step."));
        }
    }
}
