using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>A gate that failed in the reviewed period is a finding with the withheld amount and the metric's value: the
/// fix is in the process (answer leads within the SLA, record every disqualification reason), not in the plan. When it
/// failed in the previous period too, a proposal without a change says so: gates are policy, so no rule lowers them.
/// Missing data fails a gate (ADR 0005); in the previous period it counts only when that period was measured at all.</summary>
internal static class GateFailed
{
    public const string Code = "gate_failed";
    public const string TwiceCode = "gate_failed_twice";

    public static void Apply(SubjectReview s)
    {
        var w = s.W;
        foreach (var gate in s.CurrentTerms.OfType<GateComponent>())
        {
            var line = SubjectReview.Line(s.Current, gate.Id, PayoutLineKind.Gate);
            if (line is not { Outcome: LineOutcome.ConditionNotMet or LineOutcome.MissingData })
                continue;
            var withheld = -line.Amount;
            var op = gate.Operator == ComparisonOperator.AtLeast ? "≥" : "≤";
            var rule = $"{w.MetricName(gate.Metric)} {op} {w.Value(gate.Metric, gate.Value)}";
            var value = line.Actual is { } actual
                ? w.Value(gate.Metric, actual)
                : w.Say($"нет данных (передайте метрику {gate.Metric})", $"no data (post the metric {gate.Metric})");
            var observed = w.Say(
                $"{s.Who}: условие {w.Quote(rule)} не выполнено за {s.Period}: {value}; удержано {w.Money(withheld)}. " +
                "Исправьте процесс (ответ на лиды в срок, причины отказов), а не план.",
                $"{s.Who}: the condition {w.Quote(rule)} failed in {s.Period}: {value}; {w.Money(withheld)} withheld. " +
                "Fix the process (answer leads in time, record rejection reasons), not the plan.");
            s.Findings.Add(s.Finding(Code, gate, observed) with { Target = gate.Value, Actual = line.Actual, Amount = withheld });

            var before = SubjectReview.Line(s.Previous, gate.Id, PayoutLineKind.Gate);
            var failedBefore = before is { Outcome: LineOutcome.ConditionNotMet } || (before is { Outcome: LineOutcome.MissingData } && s.HasPrevious);
            if (!failedBefore)
                continue;
            var previousValue = before!.Actual is { } was ? w.Value(gate.Metric, was) : w.Say("нет данных", "no data");
            s.Claimed.Add(gate.Id);
            s.Proposals.Add(s.Proposal(TwiceCode, Code, gate.Id, w.Say(
                $"{s.Who}: условие {w.Quote(rule)} не выполнено два периода подряд ({s.PreviousPeriod} — {previousValue}, {s.Period} — {value}); " +
                $"за {s.Period} удержано {w.Money(withheld)}. Порог условия не меняем: это политика компании, а не цель. " +
                "Разберите процесс: кто и почему не отвечает в срок или не указывает причину отказа.",
                $"{s.Who}: the condition {w.Quote(rule)} failed two periods in a row ({s.PreviousPeriod} — {previousValue}, {s.Period} — {value}); " +
                $"{w.Money(withheld)} withheld in {s.Period}. The condition's value stays: it is company policy, not a target. " +
                "Look at the process: who does not answer in time or record a rejection reason, and why.")));
        }
    }
}
