using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Review.Rules;

/// <summary>Seed 000's monthly review: a conversion KPI (<see cref="ReviewPolicy.ConversionPrefix"/>) below target that did
/// not grow over the previous period (current ≤ previous) weighs <see cref="ReviewPolicy.ConversionWeightStep"/> more
/// next period, taken from the assignment's other weighted components in proportion to their weights, each keeping at
/// least <see cref="ReviewPolicy.MinDonorWeight"/>. One conversion per assignment is raised (the lowest attainment, the
/// first on a tie), because two raises would each rebalance the same donors; components another rule changes neither
/// get raised nor give weight up, so a cap-based target raise always wins over a weight change.
/// <para>For a sales role whose <c>cr_sql_to_won</c> is the conversion that did not grow, it also proposes the seeds'
/// follow-up bonus for cold SQL. The catalogue has no "cold SQL" metric (deals won from SQL of earlier periods), so the
/// bonus is approximated as a step bonus per deal won above the plan: deals beyond what this period's SQL give at the
/// planned conversion are, on the whole, the deals closed from older SQL.</para></summary>
internal static class ConversionNotGrowing
{
    public const string Code = "conversion_not_growing";
    public const string FollowUpCode = "follow_up_bonus";

    public static void Apply(SubjectReview s)
    {
        var w = s.W;
        var stalled = new List<(Component Component, IAttainmentTerms Terms, decimal Actual, decimal Before, decimal Attainment)>();
        foreach (var component in s.CurrentTerms)
        {
            if (component is not IAttainmentTerms terms || !terms.Metric.StartsWith(ReviewPolicy.ConversionPrefix, StringComparison.Ordinal))
                continue;
            var line = SubjectReview.Line(s.Current, component.Id);
            if (line is not { Actual: { } actual, Attainment: { } attainment } || attainment >= 1
                || s.PreviousValue(component, terms.Metric) is not { } before || actual > before)
                continue;
            stalled.Add((component, terms, actual, before, attainment));
            s.Findings.Add(s.Finding(Code, component, Observed(s, component, terms, actual, before)) with
            {
                Target = terms.Target,
                Actual = actual,
                PreviousActual = before,
                Attainment = attainment,
                PreviousAttainment = SubjectReview.Line(s.Previous, component.Id)?.Attainment,
            });
        }

        // An additive component is outside the weighting: there is no weight to move to it.
        var raised = stalled.Where(x => !s.Claimed.Contains(x.Component.Id) && !x.Terms.Additive).OrderBy(x => x.Attainment).FirstOrDefault();
        if (raised.Component is not null)
            RaiseWeight(s, raised.Component, Observed(s, raised.Component, raised.Terms, raised.Actual, raised.Before));

        var sqlToWon = stalled.FirstOrDefault(x => x.Terms.Metric == MetricKeys.CrSqlToWon);
        if (sqlToWon.Component is not null && ReviewWords.IsSales(s.Assignment)
            && s.Assignment.Components.All(c => c.Id != ReviewPolicy.FollowUpComponentId))
            FollowUp(s, sqlToWon.Component);
    }

    private static string Observed(SubjectReview s, Component component, IAttainmentTerms terms, decimal actual, decimal before)
    {
        var (w, metric) = (s.W, terms.Metric);
        return w.Say(
            $"{s.Who}: {w.Component(component)} не растёт: {w.Value(metric, actual)} за {s.Period} против {w.Value(metric, before)} за {s.PreviousPeriod}, " +
            $"при цели {w.Value(metric, terms.Target)}.",
            $"{s.Who}: {w.Component(component)} is not growing: {w.Value(metric, actual)} in {s.Period} against {w.Value(metric, before)} in {s.PreviousPeriod}, " +
            $"with a target of {w.Value(metric, terms.Target)}.");
    }

    private static void RaiseWeight(SubjectReview s, Component component, string observed)
    {
        var w = s.W;
        if (s.Next(component.Id) is not IAttainmentTerms raised)
            return;
        var donors = s.NextTerms.Where(c => c is IAttainmentTerms { Additive: false } && c.Id != component.Id && !s.Claimed.Contains(c.Id)).ToList();
        var weights = donors.Select(c => ((IAttainmentTerms)c).Weight).ToList();
        var step = (int)(ReviewPolicy.ConversionWeightStep / ReviewPolicy.WeightUnit);
        var (units, given) = WeightShift.Raise(weights, step, ReviewPolicy.MinDonorWeight, ReviewPolicy.WeightUnit);
        if (units == 0)
            return;

        var to = TargetMath.Trim(raised.Weight + units * ReviewPolicy.WeightUnit);
        var overrides = new List<ComponentOverride> { new() { Period = s.NextPeriod, Component = component.Id, Weight = to } };
        var parts = new List<string>();
        for (var i = 0; i < donors.Count; i++)
        {
            if (given[i] == 0)
                continue;
            var lowered = TargetMath.Trim(weights[i] - given[i] * ReviewPolicy.WeightUnit);
            overrides.Add(new() { Period = s.NextPeriod, Component = donors[i].Id, Weight = lowered });
            parts.Add($"{w.Component(donors[i])} {w.Pct(weights[i])} → {w.Pct(lowered)}");
            s.Claimed.Add(donors[i].Id);
        }
        s.Claimed.Add(component.Id);
        s.Proposals.Add(s.Proposal(Code, Code, component.Id, observed + " " + w.Say(
            $"Предлагаем поднять её вес {s.When} с {w.Pct(raised.Weight)} до {w.Pct(to)} за счёт остальных показателей пропорционально их весам " +
            $"(не ниже {w.Pct(ReviewPolicy.MinDonorWeight)}): {string.Join("; ", parts)}.",
            $"Raise its weight {s.When} from {w.Pct(raised.Weight)} to {w.Pct(to)}, taken from the other KPIs in proportion to their weights " +
            $"(none below {w.Pct(ReviewPolicy.MinDonorWeight)}): {string.Join("; ", parts)}.")) with
        {
            Field = "weight",
            From = raised.Weight,
            To = to,
            Overrides = overrides,
        });
    }

    private static void FollowUp(SubjectReview s, Component conversion)
    {
        var w = s.W;
        var plan = DealsPlan(s);
        if (plan is null)
            return;
        var bonus = new StepComponent
        {
            Id = ReviewPolicy.FollowUpComponentId,
            Label = w.Say("Бонус за дожим холодных SQL", "Follow-up bonus for cold SQL"),
            Metric = MetricKeys.DealsWon,
            Target = plan.Value.Deals,
            Every = 1,
            Rate = ReviewPolicy.FollowUpRatePerDeal,
            MaxSteps = ReviewPolicy.FollowUpMaxDeals,
        };
        var deals = w.Num(plan.Value.Deals);
        s.Proposals.Add(s.Proposal(FollowUpCode, Code, null, w.Say(
            $"{s.Who}: {w.Component(conversion)} не растёт — предлагаем добавить {s.When} бонус за дожим холодных SQL: " +
            $"{w.Pct(ReviewPolicy.FollowUpRatePerDeal)} целевой премии за каждую выигранную сделку сверх плана в {deals} ({plan.Value.SourceRu}), " +
            $"не более {ReviewPolicy.FollowUpMaxDeals} сделок. Он платит за сделки, закрытые из SQL прошлых периодов; отдельной метрики «холодные SQL» нет, " +
            "поэтому бонус считается по сделкам сверх плана.",
            $"{s.Who}: {w.Component(conversion)} is not growing — add a follow-up bonus for cold SQL {s.When}: " +
            $"{w.Pct(ReviewPolicy.FollowUpRatePerDeal)} of the target bonus for every deal won above a plan of {deals} ({plan.Value.SourceEn}), " +
            $"at most {ReviewPolicy.FollowUpMaxDeals} deals. It pays for deals closed from SQL of earlier periods; there is no \"cold SQL\" metric, " +
            "so the bonus is paid per deal above the plan.")) with
        {
            Field = null,
            AddComponent = bonus,
        });
    }

    /// <summary>The deals plan the bonus counts from: the next period's target of a component on deals won, else the deals
    /// this period's SQL give at the planned SQL→deal conversion.</summary>
    private static (decimal Deals, string SourceRu, string SourceEn)? DealsPlan(SubjectReview s)
    {
        var own = s.NextTerms.Select(c => c switch
        {
            StepComponent { Metric: MetricKeys.DealsWon } step => step.Target,
            IAttainmentTerms { Metric: MetricKeys.DealsWon } terms => terms.Target,
            _ => (decimal?)null,
        }).FirstOrDefault(t => t is not null);
        if (own is { } target && target >= 0)
        {
            var whole = decimal.Ceiling(target);
            return (whole, "план сделок этого назначения", "the assignment's deals plan");
        }
        var conversion = s.NextTerms.OfType<IAttainmentTerms>().FirstOrDefault(t => t.Metric == MetricKeys.CrSqlToWon);
        if (s.Subject.Current.Find(MetricKeys.Sql) is { } sql && sql >= 0 && conversion is not null)
        {
            var deals = Math.Round(sql * conversion.Target, 0, MidpointRounding.AwayFromZero);
            var ru = $"{s.W.Num(sql)} SQL × {s.W.Pct(conversion.Target)}";
            return (deals, ru, ru);
        }
        return null;
    }
}
