using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>A weighted component whose metric was not supplied paid nothing and can be judged by no other rule: a
/// finding names the metric to post (and the group, for a team KPI).</summary>
internal static class NoData
{
    public const string Code = "no_data";

    public static void Apply(SubjectReview s)
    {
        var w = s.W;
        foreach (var component in s.CurrentTerms)
        {
            if (component is not IAttainmentTerms terms
                || SubjectReview.Line(s.Current, component.Id) is not { Outcome: LineOutcome.MissingData })
                continue;
            var where = component is TeamComponent team
                ? w.Say($" для группы «{team.Group}»", $" for the group '{team.Group}'")
                : "";
            s.Findings.Add(s.Finding(Code, component, w.Say(
                $"{s.Who}: нет данных по {w.Component(component)} за {s.Period} — показатель не оплачен. Передайте метрику {terms.Metric}{where}.",
                $"{s.Who}: no data for {w.Component(component)} in {s.Period}, so it paid nothing. Post the metric {terms.Metric}{where}.")) with
            {
                Target = terms.Target,
            });
        }
    }
}
