namespace Saas.Engine.Plans;

/// <summary>Applies an assignment's per-period overrides to its components.</summary>
public static class SeasonalOverrides
{
    /// <summary>The fields an override may set on a component of the given kind.</summary>
    public static IReadOnlyList<string> FieldsFor(ComponentKind kind) => kind switch
    {
        ComponentKind.Attainment or ComponentKind.Team => ["weight", "target", "curve"],
        ComponentKind.Step or ComponentKind.Share => ["target", "rate"],
        ComponentKind.PerUnit => ["rate"],
        _ => [],
    };

    /// <summary>The components in force in <paramref name="period"/> (as written in the plan, e.g. <c>2026-12</c>),
    /// and the ids of those an override changed.</summary>
    public static (IReadOnlyList<Component> Components, IReadOnlySet<string> Overridden) ForPeriod(Assignment assignment, string period)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        var components = assignment.Components.Select(component =>
        {
            foreach (var change in assignment.Overrides)
            {
                if (change.Period != period || change.Component != component.Id)
                    continue;
                component = Apply(component, change);
                overridden.Add(component.Id);
            }
            return component;
        }).ToList();
        return (components, overridden);
    }

    public static Component Apply(Component component, ComponentOverride change) => component switch
    {
        AttainmentComponent a => a with
        {
            Weight = change.Weight ?? a.Weight,
            Target = change.Target ?? a.Target,
            Curve = change.Curve ?? a.Curve,
        },
        TeamComponent t => t with
        {
            Weight = change.Weight ?? t.Weight,
            Target = change.Target ?? t.Target,
            Curve = change.Curve ?? t.Curve,
        },
        StepComponent s => s with { Target = change.Target ?? s.Target, Rate = change.Rate ?? s.Rate },
        // A seasonal flat rate replaces the tiers: "6 % in December" means 6 % on everything.
        PerUnitComponent p when change.Rate is { } rate => p with { Rate = rate, Tiers = null },
        ShareComponent s => s with
        {
            Rate = change.Rate ?? s.Rate,
            Tiers = change.Rate is null ? s.Tiers : null,
            Target = change.Target ?? s.Target,
        },
        _ => component,
    };
}
