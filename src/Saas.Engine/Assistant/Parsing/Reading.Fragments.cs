namespace Saas.Engine.Assistant.Parsing;

internal sealed partial class Reading
{
    private void Report(int start, int end, string reason) =>
        fragments.Add(new UnrecognizedFragment { Text = text[start..end], Start = start, Length = end - start, Reason = reason });

    /// <summary>The fragments, in text order and without overlaps. Meaningful leftovers (unknown words, numbers,
    /// units) next to each other, or with only small words between them ("и", "в", "the"), make one
    /// <c>unknown_words</c> span; punctuation and anything understood end a span. A span inside a
    /// <c>count_not_exact</c> or <c>goal_incomplete</c> fragment is not repeated.</summary>
    private List<UnrecognizedFragment> Report()
    {
        var unknown = new List<UnrecognizedFragment>();
        var (runStart, runEnd) = (-1, -1);
        void Close()
        {
            if (runStart >= 0)
                unknown.Add(new UnrecognizedFragment { Text = text[runStart..runEnd], Start = runStart, Length = runEnd - runStart, Reason = UnknownWords });
            runStart = -1;
        }

        foreach (var item in items)
        {
            if (item.Consumed)
            {
                Close();
            }
            else if (item.Kind == Kind.Horizon)
            {
                Close();
                Report(item.Start, item.End, GoalIncomplete);
            }
            else if (IsLeftover(item.Kind))
            {
                if (runStart < 0)
                    runStart = item.Start;
                runEnd = item.End;
            }
            else if (!IsSmall(item.Kind))
            {
                Close();
            }
        }
        Close();

        var explained = fragments.ToList();
        return explained
            .Concat(unknown.Where(u => !explained.Any(e => e.Start <= u.Start && u.Start + u.Length <= e.Start + e.Length)))
            .OrderBy(f => f.Start).ThenBy(f => f.Length).ThenBy(f => f.Reason, StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsLeftover(Kind kind) => kind is Kind.Unknown or Kind.Value or Kind.Number or Kind.Range or Kind.Inexact
        or Kind.Multiplier or Kind.Currency or Kind.Percent or Kind.Points or Kind.TimesWord or Kind.TimesFixed or Kind.PeriodUnit
        or Kind.Metric or Kind.Direction or Kind.Role or Kind.Negation or Kind.MonthName;

    private static bool IsSmall(Kind kind) => kind is Kind.Filler or Kind.Conjunction or Kind.GoalIntro or Kind.From or Kind.Current or Kind.To
        or Kind.By or Kind.Arrow or Kind.HorizonPrep or Kind.Article or Kind.People or Kind.TeamOf or Kind.Modifier or Kind.Approx
        or Kind.Ignorable or Kind.PerPeriod;
}
