using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Progress;

public enum MilestoneKind
{
    /// <summary>The component's <see cref="ComponentProgress.Reached"/> paying steps, <see cref="Milestone.Level"/> of them.</summary>
    StepReached,

    /// <summary>The pace leads below the target (a gate: below its condition).</summary>
    BehindPace,
}

/// <summary>Something worth telling an employee about, once per component, kind, level and period.</summary>
public sealed record Milestone(string ComponentId, MilestoneKind Kind, int Level, string Text);

/// <summary>The milestones a progress reading shows: a paying step reached, or a target (or a gate) the pace will miss.</summary>
public static class Milestones
{
    /// <summary>Before a quarter of the period's working time has passed, a pace says too little to call anyone behind it.</summary>
    public const decimal PaceSettlesAt = 0.25m;

    /// <summary>The milestones of one plan version's components, <paramref name="elapsed"/> of its working time gone.</summary>
    public static IReadOnlyList<Milestone> Of(string employee, IReadOnlyList<ComponentProgress> components, decimal elapsed, string locale,
        string currency)
    {
        var language = Languages.FromLocale(locale);
        var say = ProgressText.Say(language);
        var milestones = new List<Milestone>();
        foreach (var component in components)
        {
            var metric = component.Metric is { } key && MetricCatalogue.TryGet(key, out var definition) ? definition : null;
            var name = component.Label ?? metric?.Name.In(language) ?? component.Id;
            string Shown(decimal value) => metric is null ? ProgressText.Num(value, language) : metric.Show(value, currency, language);

            if (component.Reached > 0)
            {
                var actual = component.Actual is { } value ? $" ({Shown(value)})" : "";
                milestones.Add(new Milestone(component.Id, MilestoneKind.StepReached, component.Reached,
                    say($"{employee}: «{name}» — достигнута ступень {component.Reached}{actual}",
                        $"{employee}: '{name}' — paying step {component.Reached} reached{actual}")));
            }
            if (elapsed < PaceSettlesAt || elapsed >= 1)
                continue;
            if (component.Gate is { AtRisk: true } gate)
                milestones.Add(new Milestone(component.Id, MilestoneKind.BehindPace, 0, $"{employee}: {gate.Text}"));
            else if (component is { Gate: null, OnPace: false, ProjectedActual: { } projected, Target: { } target })
                milestones.Add(new Milestone(component.Id, MilestoneKind.BehindPace, 0,
                    say($"{employee}: «{name}» — ниже темпа: к концу периода {Shown(projected)} при цели {Shown(target)}",
                        $"{employee}: '{name}' — behind pace: {Shown(projected)} by the period's end against a target of {Shown(target)}")));
        }
        return milestones;
    }
}
