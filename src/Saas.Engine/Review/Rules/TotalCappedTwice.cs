using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>When the whole variable pay hit <c>maxVariablePay</c> (a total-cap line that cut something) in the reviewed
/// and in the previous period, the plan pays its maximum as a matter of course: every weighted component beaten in the
/// reviewed period (attainment above 100 %) gets a target <see cref="ReviewPolicy.TotalCapTargetRaise"/> harder.
/// Components another rule already changes keep that rule's proposal.</summary>
internal static class TotalCappedTwice
{
    public const string Code = "total_capped_twice";

    public static void Apply(SubjectReview s)
    {
        var (cut, previousCut) = (SubjectReview.TotalCut(s.Current), SubjectReview.TotalCut(s.Previous));
        if (cut <= 0 || previousCut <= 0)
            return;

        var w = s.W;
        var observed = w.Say(
            $"{s.Who}: переменная часть два периода подряд упирается в общий потолок: срезано {w.Money(previousCut)} за {s.PreviousPeriod} и {w.Money(cut)} за {s.Period}.",
            $"{s.Who}: the variable pay hit its overall cap two periods in a row: {w.Money(previousCut)} cut in {s.PreviousPeriod} and {w.Money(cut)} in {s.Period}.");
        s.Findings.Add(s.Finding(Code, null, observed) with { Amount = cut });

        foreach (var component in s.CurrentTerms.Where(c => c is IAttainmentTerms))
        {
            var line = SubjectReview.Line(s.Current, component.Id);
            if (s.Claimed.Contains(component.Id) || line is not { Attainment: > 1m, Actual: { } actual } || s.Next(component.Id) is not IAttainmentTerms next)
                continue;
            var metric = next.Metric;
            var definition = SubjectReview.MetricDefinition(metric);
            var from = next.Target;
            var goal = definition.HigherIsBetter ? from * (1 + ReviewPolicy.TotalCapTargetRaise) : from * (1 - ReviewPolicy.TotalCapTargetRaise);
            var to = TargetMath.Move(from, goal, ReviewPolicy.TotalCapTargetRaise, definition.HigherIsBetter, definition, s.Currency);
            if (to is null)
                continue;
            s.ProposeTarget(Code, component, from, to.Value, observed + " " + w.Say(
                $"{w.Component(component)} выполнен на {w.Pct(line.Attainment.Value)} ({w.Value(metric, actual)}): предлагаем ужесточить цель {s.When} на " +
                $"{w.Pct(ReviewPolicy.TotalCapTargetRaise)}: с {w.Value(metric, from)} до {w.Value(metric, to.Value)}.",
                $"{w.Component(component)} was at {w.Pct(line.Attainment.Value)} ({w.Value(metric, actual)}): make its target {w.Pct(ReviewPolicy.TotalCapTargetRaise)} " +
                $"harder {s.When}: from {w.Value(metric, from)} to {w.Value(metric, to.Value)}."));
        }
    }
}
