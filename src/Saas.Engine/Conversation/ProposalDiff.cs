using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Conversation;

/// <summary>One difference between two proposals, by role and component. <see cref="Change"/> is <c>added</c>,
/// <c>removed</c> or <c>changed</c>; for <c>changed</c>, <see cref="Field"/> says what (<c>weight</c>, <c>target</c>,
/// <c>threshold</c>, <c>cap</c>, <c>accelerator</c>, <c>rate</c>, <c>value</c>, <c>base_salary</c>,
/// <c>variable_share</c>, <c>variable_pay</c>, <c>role</c>), and <see cref="Period"/> is set when only one month
/// changed (a seasonal override or a monthly target). <see cref="Component"/> is null for the role's own terms.</summary>
public sealed record ProposalChange
{
    public required Role Role { get; init; }
    public string? Component { get; init; }
    public required string Change { get; init; }
    public string? Field { get; init; }
    public string? Period { get; init; }
    public decimal? Before { get; init; }
    public decimal? After { get; init; }

    /// <summary>The change in words, in the conversation's language.</summary>
    public required string Text { get; init; }
}

/// <summary>Compares two proposal documents term by term.</summary>
public static class ProposalDiff
{
    public static IReadOnlyList<ProposalChange> Between(PlanDocument? before, PlanDocument? after, Language language)
    {
        var w = new Words(language, after?.Currency ?? before?.Currency ?? "RUB");
        var changes = new List<ProposalChange>();
        if (after is null)
            return changes;
        var old = before?.Assignments.Where(a => a.Role is not null).ToDictionary(a => a.Role!.Value) ?? [];
        foreach (var assignment in after.Assignments.Where(a => a.Role is not null))
        {
            var role = assignment.Role!.Value;
            if (!old.Remove(role, out var previous))
            {
                if (before is not null)
                    changes.Add(new ProposalChange { Role = role, Change = "added", Field = "role", Text = w.Say($"{w.Role(role)}: роль добавлена в план", $"{w.Role(role)}: role added to the plan") });
                continue;
            }
            Compare(changes, w, role, null, "base_salary", previous.BaseSalary, assignment.BaseSalary, money: true);
            Compare(changes, w, role, null, "variable_share", previous.TargetVariablePay.OfBase, assignment.TargetVariablePay.OfBase, percent: true);
            Compare(changes, w, role, null, "variable_pay", previous.TargetVariablePay.Amount, assignment.TargetVariablePay.Amount, money: true);

            var components = previous.Components.ToDictionary(c => c.Id);
            foreach (var component in assignment.Components)
            {
                if (!components.Remove(component.Id, out var was))
                {
                    changes.Add(new ProposalChange
                    {
                        Role = role,
                        Component = component.Id,
                        Change = "added",
                        After = Terms(component).GetValueOrDefault("weight"),
                        Text = w.Say($"{w.Role(role)}: добавлен KPI «{Name(component, w)}»", $"{w.Role(role)}: KPI '{Name(component, w)}' added") +
                            (Terms(component).GetValueOrDefault("weight") is { } weight ? w.Say($" с весом {w.Pct(weight)}", $" weighing {w.Pct(weight)}") : ""),
                    });
                    continue;
                }
                var (a, b) = (Terms(was), Terms(component));
                foreach (var field in a.Keys.Union(b.Keys))
                    Compare(changes, w, role, component, field, a.GetValueOrDefault(field), b.GetValueOrDefault(field), percent: field != "target" || IsRatio(component));
                foreach (var period in after.Periods)
                {
                    var (then, now) = (Terms(SeasonalOverrides.ForPeriod(previous, period).Components.FirstOrDefault(c => c.Id == component.Id)),
                        Terms(SeasonalOverrides.ForPeriod(assignment, period).Components.First(c => c.Id == component.Id)));
                    foreach (var field in new[] { "weight", "target" })
                    {
                        // A month counts as its own change only where it differs from the base terms' change.
                        var baseChanged = a.GetValueOrDefault(field) != b.GetValueOrDefault(field);
                        if (!baseChanged && then.GetValueOrDefault(field) != now.GetValueOrDefault(field))
                            Compare(changes, w, role, component, field, then.GetValueOrDefault(field), now.GetValueOrDefault(field),
                                percent: field != "target" || IsRatio(component), period: period);
                    }
                }
            }
            foreach (var removed in components.Values)
                changes.Add(new ProposalChange
                {
                    Role = role,
                    Component = removed.Id,
                    Change = "removed",
                    Before = Terms(removed).GetValueOrDefault("weight"),
                    Text = w.Say($"{w.Role(role)}: KPI «{Name(removed, w)}» убран", $"{w.Role(role)}: KPI '{Name(removed, w)}' removed"),
                });
        }
        foreach (var role in old.Keys)
            changes.Add(new ProposalChange { Role = role, Change = "removed", Field = "role", Text = w.Say($"{w.Role(role)}: роль убрана из плана", $"{w.Role(role)}: role removed from the plan") });
        return changes;
    }

    private static void Compare(List<ProposalChange> changes, Words w, Role role, Component? component, string field, decimal? before, decimal? after,
        bool money = false, bool percent = false, string? period = null)
    {
        if (before == after)
            return;
        string Show(decimal? value) => value is not { } v ? w.Say("нет", "none")
            : money ? w.Money(v)
            : percent && field != "accelerator" && field != "rate" || field == "rate" && v < 1 ? w.Pct(v)
            : w.Num(v);
        var what = field switch
        {
            "base_salary" => w.Say("оклад", "base salary"),
            "variable_share" => w.Say("переменная часть", "variable share"),
            "variable_pay" => w.Say("целевая премия", "target bonus"),
            "weight" => w.Say("вес", "weight"),
            "target" => w.Say("цель", "target"),
            "threshold" => w.Say("порог", "threshold"),
            "cap" => w.Say("потолок", "cap"),
            "accelerator" => w.Say("ускоритель сверх 100 %", "accelerator above 100%"),
            "rate" => w.Say("ставка", "rate"),
            _ => w.Say("значение", "value"),
        };
        var subject = component is null ? w.Role(role) : $"{w.Role(role)} · {Name(component, w)}";
        var when = period is null ? "" : w.Say($" в {period}", $" in {period}");
        changes.Add(new ProposalChange
        {
            Role = role,
            Component = component?.Id,
            Change = "changed",
            Field = field,
            Period = period,
            Before = before,
            After = after,
            Text = $"{subject}: {what}{when} {Show(before)} → {Show(after)}",
        });
    }

    private static bool IsRatio(Component component) =>
        ComponentMetrics.MetricOf(component) is { } metric && MetricCatalogue.TryGet(metric, out var definition) && definition.Unit == MetricUnit.Ratio;

    private static string Name(Component component, Words w) =>
        component.Label ?? (ComponentMetrics.MetricOf(component) is { } metric && MetricCatalogue.TryGet(metric, out var definition) ? definition.Name.In(w.Language) : component.Id);

    /// <summary>The numbers of a component's terms that a refinement can move.</summary>
    private static Dictionary<string, decimal?> Terms(Component? component) => component switch
    {
        IAttainmentTerms a => new()
        {
            ["weight"] = a.Weight,
            ["target"] = a.Target,
            ["threshold"] = a.Threshold,
            ["cap"] = a.Cap,
            ["accelerator"] = a.Curve?.Tiers is [_, { } above] ? above.Rate : null,
        },
        StepComponent s => new() { ["target"] = s.Target, ["rate"] = s.Rate },
        PerUnitComponent p => new() { ["rate"] = p.Rate },
        ShareComponent s => new() { ["rate"] = s.Rate },
        GateComponent g => new() { ["value"] = g.Value },
        _ => [],
    };
}
