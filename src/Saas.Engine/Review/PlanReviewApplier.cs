using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Review;

/// <summary>Applies accepted proposals to a copy of the plan, the way a frontend would on a draft. This is the contract
/// of <see cref="Proposal.Overrides"/> and <see cref="Proposal.AddComponent"/>:
/// <list type="bullet">
/// <item><see cref="ProposalScope.NextPeriod"/>: each override is merged into the assignment's overrides: with an
/// existing override for the same period and component, the fields the proposal sets replace those fields and the
/// others stay; otherwise it is appended. Added components are appended to the assignment's components, so they are
/// part of every period of the draft; activating the revised version from the next period keeps past statements as
/// they were.</item>
/// <item><see cref="ProposalScope.NextPlan"/>: the result is the first draft of the next plan: one period,
/// <see cref="PlanReview.NextPeriod"/> (and the following ones a running spif still needs), every assignment's base terms
/// the terms in force in the reviewed period with the overrides applied to them, no seasonal overrides, spifs that ended
/// before the next plan dropped (and from the gates that named them).</item>
/// </list></summary>
public static class PlanReviewApplier
{
    /// <summary>All proposals of the review.</summary>
    public static PlanDocument Apply(PlanDocument plan, PlanReview review) => Apply(plan, review, review.Proposals);

    /// <summary>The accepted subset; any subset keeps a valid plan valid, since no two proposals change one component
    /// and a weight raise carries the weights it takes.</summary>
    /// <exception cref="ArgumentException">A proposal names an assignment the plan does not have.</exception>
    public static PlanDocument Apply(PlanDocument plan, PlanReview review, IEnumerable<Proposal> accepted)
    {
        var chosen = accepted.ToList();
        if (chosen.FirstOrDefault(p => p.AssignmentIndex < 0 || p.AssignmentIndex >= plan.Assignments.Count) is { } stray)
            throw new ArgumentException($"Proposal {stray.Code} names assignment {stray.AssignmentIndex}, which the plan does not have.", nameof(accepted));
        return review.AppliesTo == ProposalScope.NextPeriod ? ToNextPeriod(plan, chosen) : ToNextPlan(plan, review, chosen);
    }

    private static PlanDocument ToNextPeriod(PlanDocument plan, List<Proposal> chosen) => plan with
    {
        Assignments = plan.Assignments.Select((assignment, i) =>
        {
            var mine = chosen.Where(p => p.AssignmentIndex == i).ToList();
            if (mine.Count == 0)
                return assignment;
            var overrides = assignment.Overrides.ToList();
            foreach (var change in mine.SelectMany(p => p.Overrides))
            {
                var k = overrides.FindIndex(o => o.Period == change.Period && o.Component == change.Component);
                if (k < 0)
                    overrides.Add(change);
                else
                    overrides[k] = Merge(overrides[k], change);
            }
            return assignment with
            {
                Components = [.. assignment.Components, .. mine.Select(p => p.AddComponent).OfType<Component>()],
                Overrides = overrides,
            };
        }).ToList(),
    };

    private static PlanDocument ToNextPlan(PlanDocument plan, PlanReview review, List<Proposal> chosen)
    {
        var next = Period.Parse(review.NextPeriod);
        var assignments = plan.Assignments.Select((assignment, i) =>
        {
            var mine = chosen.Where(p => p.AssignmentIndex == i).ToList();
            var terms = SeasonalOverrides.ForPeriod(assignment, review.Period).Components.ToList();
            foreach (var change in mine.SelectMany(p => p.Overrides))
            {
                var k = terms.FindIndex(c => c.Id == change.Component);
                if (k >= 0)
                    terms[k] = SeasonalOverrides.Apply(terms[k], change);
            }
            terms.AddRange(mine.Select(p => p.AddComponent).OfType<Component>());
            var ended = terms.OfType<SpifComponent>().Where(s => s.To < next.Start).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var kept = terms.Where(c => !ended.Contains(c.Id))
                .Select(c => c switch
                {
                    GateComponent { AppliesTo: { } ids } gate => gate with { AppliesTo = ids.Where(id => !ended.Contains(id)).ToList() },
                    MultiplierComponent { AppliesTo: { } ids } multiplier => multiplier with { AppliesTo = ids.Where(id => !ended.Contains(id)).ToList() },
                    _ => c,
                })
                .Where(c => c is not (GateComponent { AppliesTo.Count: 0 } or MultiplierComponent { AppliesTo.Count: 0 }))
                .ToList();
            return assignment with { Components = kept, Overrides = [] };
        }).ToList();

        var lastSpif = assignments.SelectMany(a => a.Components).OfType<SpifComponent>().Select(s => (DateOnly?)s.To).Max();
        var periods = new List<string> { next.ToString() };
        for (var p = next; lastSpif is { } to && p.EndExclusive <= to;)
        {
            p = p.Next;
            periods.Add(p.ToString());
        }
        // A multiplier for given months goes on only where the next plan covers one of them.
        assignments = assignments.Select(a => a with
        {
            Components = a.Components
                .Select(c => c is MultiplierComponent { Periods: { } months } m ? m with { Periods = months.Where(periods.Contains).ToList() } : c)
                .Where(c => c is not MultiplierComponent { Periods.Count: 0 })
                .ToList(),
        }).ToList();
        return plan with { Periods = periods, Assignments = assignments };
    }

    private static ComponentOverride Merge(ComponentOverride existing, ComponentOverride change) => existing with
    {
        Weight = change.Weight ?? existing.Weight,
        Target = change.Target ?? existing.Target,
        Rate = change.Rate ?? existing.Rate,
        Curve = change.Curve ?? existing.Curve,
    };
}
