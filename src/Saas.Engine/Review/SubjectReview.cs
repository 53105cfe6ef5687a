using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Review;

/// <summary>One subject under review: its payouts for the reviewed and the previous period, the terms in force in
/// each and in the period proposals go to, and what the rules found so far. <see cref="Claimed"/> holds the components
/// a proposal already changes, so that later rules leave them alone.</summary>
internal sealed class SubjectReview
{
    public required ReviewRequest Request { get; init; }
    public required ReviewSubject Subject { get; init; }
    public required Assignment Assignment { get; init; }
    public required Assignee Assignee { get; init; }
    public required PayoutResult Current { get; init; }
    public required PayoutResult Previous { get; init; }
    public required IReadOnlyList<Component> CurrentTerms { get; init; }
    public required IReadOnlyList<Component> PreviousTerms { get; init; }

    /// <summary>The terms a proposal changes: those of the next period, or for the next plan those of the reviewed one.</summary>
    public required IReadOnlyList<Component> NextTerms { get; init; }

    public required string PreviousPeriod { get; init; }
    public required string NextPeriod { get; init; }
    public required ProposalScope Scope { get; init; }
    public required ReviewWords W { get; init; }

    public HashSet<string> Claimed { get; } = new(StringComparer.Ordinal);
    public List<Finding> Findings { get; } = [];
    public List<Proposal> Proposals { get; } = [];

    public string Currency => Request.Plan.Currency;
    public string Period => Request.Period;

    /// <summary>True when anything was measured for the previous period: only then can a rule say "twice".</summary>
    public bool HasPrevious => Subject.Previous.Count > 0 || Subject.GroupPrevious.Values.Any(v => v.Count > 0);

    public string Who => W.Who(Assignee);

    public static PayoutLine? Line(PayoutResult result, string componentId, PayoutLineKind kind = PayoutLineKind.Component) =>
        result.Lines.FirstOrDefault(l => l.Kind == kind && l.ComponentId == componentId);

    public static bool CapCut(PayoutResult result, string componentId) =>
        result.Lines.Any(l => l.Kind == PayoutLineKind.ComponentCap && l.ComponentId == componentId && l.Amount < 0);

    public static decimal TotalCut(PayoutResult result) =>
        -result.Lines.Where(l => l.Kind == PayoutLineKind.TotalCap).Sum(l => l.Amount);

    public Component? Next(string componentId) => NextTerms.FirstOrDefault(c => c.Id == componentId);

    /// <summary>The previous period's value of a component's metric: the group's for a team component.</summary>
    public decimal? PreviousValue(Component component, string metric) => component is TeamComponent team
        ? Subject.GroupPrevious.GetValueOrDefault(team.Group)?.Find(metric)
        : Subject.Previous.Find(metric);

    public Finding Finding(string code, Component? component, string message) => new()
    {
        Code = code,
        AssignmentIndex = Subject.AssignmentIndex,
        Assignee = Assignee,
        ComponentId = component?.Id,
        Metric = component is null ? null : ComponentMetrics.MetricOf(component),
        Message = message,
    };

    public Proposal Proposal(string code, string rule, string? componentId, string message) => new()
    {
        Code = code,
        Rule = rule,
        AssignmentIndex = Subject.AssignmentIndex,
        Assignee = Assignee,
        ComponentId = componentId,
        AppliesTo = Scope,
        Period = NextPeriod,
        Message = message,
    };

    /// <summary>A proposal that sets one component's target for <see cref="NextPeriod"/>, and claims the component.</summary>
    public void ProposeTarget(string code, Component component, decimal from, decimal to, string message)
    {
        Claimed.Add(component.Id);
        Proposals.Add(Proposal(code, code, component.Id, message) with
        {
            Field = "target",
            From = from,
            To = to,
            Overrides = [new ComponentOverride { Period = NextPeriod, Component = component.Id, Target = to }],
        });
    }

    /// <summary>"в 2026-12" / "for 2026-12", or "в следующем плане" / "in the next plan".</summary>
    public string When => Scope == ProposalScope.NextPeriod
        ? W.Say($"на {NextPeriod}", $"for {NextPeriod}")
        : W.Say($"в следующем плане (с {NextPeriod}; {Period} — последний период этого плана)",
            $"in the next plan (from {NextPeriod}; {Period} is this plan's last period)");

    public static MetricDefinition MetricDefinition(string metric) => MetricCatalogue.Get(metric);
}
