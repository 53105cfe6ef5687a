using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Conversation;

/// <summary>One difference between two proposals, by assignment (a role, a team or an employee) and component.
/// <see cref="Change"/> is <c>added</c>, <c>removed</c> or <c>changed</c>; for <c>changed</c>, <see cref="Field"/> says what
/// (<c>weight</c>, <c>target</c>, <c>threshold</c>, <c>cap</c>, <c>accelerator</c>, <c>rate</c>, <c>value</c>,
/// <c>base_salary</c>, <c>variable_share</c>, <c>variable_pay</c>), and <see cref="Period"/> is set when only one month
/// changed (a seasonal override or a monthly target). <see cref="Component"/> is null for the assignment's own terms, and
/// for <c>assignment</c> (one added or removed) and <c>periods</c> (the plan's months: the counts before and after).</summary>
public sealed record ProposalChange
{
    public Role? Role { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? EmployeeId { get; init; }
    public string? Component { get; init; }
    public required string Change { get; init; }
    public string? Field { get; init; }
    public string? Period { get; init; }
    public decimal? Before { get; init; }
    public decimal? After { get; init; }

    /// <summary>The change in words, in the conversation's language.</summary>
    public required string Text { get; init; }
}

/// <summary>Compares two proposal documents term by term. Months only one of them has are not compared term by term: the
/// change of the plan's months is one <c>periods</c> change.</summary>
public static class ProposalDiff
{
    private sealed record Who(Role? Role, Guid? TeamId, Guid? EmployeeId)
    {
        public static Who Of(Assignment assignment) => new(assignment.Role, assignment.TeamId, assignment.EmployeeId);

        public string Label(Words w) => Role is { } role ? w.Role(role)
            : TeamId is { } team ? w.Say($"команда {team}", $"team {team}")
            : w.Say($"сотрудник {EmployeeId}", $"employee {EmployeeId}");
    }

    public static IReadOnlyList<ProposalChange> Between(PlanDocument? before, PlanDocument? after, Language language)
    {
        var w = new Words(language, after?.Currency ?? before?.Currency ?? "RUB");
        var changes = new List<ProposalChange>();
        if (after is null)
            return changes;
        if (before is not null && !before.Periods.SequenceEqual(after.Periods))
            changes.Add(new ProposalChange
            {
                Change = "changed",
                Field = "periods",
                Before = before.Periods.Count,
                After = after.Periods.Count,
                Text = w.Say($"месяцы плана: {Span(before)} → {Span(after)}", $"the plan's months: {Span(before)} → {Span(after)}"),
            });
        var shared = before is null ? [] : after.Periods.Intersect(before.Periods).ToList();
        var old = before?.Assignments.GroupBy(Who.Of).ToDictionary(g => g.Key, g => g.First()) ?? [];
        foreach (var assignment in after.Assignments)
        {
            var who = Who.Of(assignment);
            var label = who.Label(w);
            ProposalChange Change(string change, string? component, string? field, string text, decimal? was = null, decimal? now = null, string? period = null) => new()
            {
                Role = who.Role,
                TeamId = who.TeamId,
                EmployeeId = who.EmployeeId,
                Component = component,
                Change = change,
                Field = field,
                Period = period,
                Before = was,
                After = now,
                Text = text,
            };
            void Compare(Component? component, string field, decimal? was, decimal? now, bool money = false, bool percent = false, string? period = null)
            {
                if (was != now)
                    changes.Add(Change("changed", component?.Id, field, Describe(w, label, component, field, was, now, money, percent, period), was, now, period));
            }

            if (!old.Remove(who, out var previous))
            {
                if (before is not null)
                    changes.Add(Change("added", null, "assignment", w.Say($"{label}: добавлено в план", $"{label}: added to the plan")));
                continue;
            }
            Compare(null, "base_salary", previous.BaseSalary, assignment.BaseSalary, money: true);
            Compare(null, "variable_share", previous.TargetVariablePay?.OfBase, assignment.TargetVariablePay?.OfBase, percent: true);
            Compare(null, "variable_pay", previous.TargetVariablePay?.Amount, assignment.TargetVariablePay?.Amount, money: true);

            var components = previous.Components.ToDictionary(c => c.Id);
            foreach (var component in assignment.Components)
            {
                if (!components.Remove(component.Id, out var was))
                {
                    var weight = Terms(component).GetValueOrDefault("weight");
                    changes.Add(Change("added", component.Id, null,
                        w.Say($"{label}: добавлен KPI «{Name(component, w)}»", $"{label}: KPI '{Name(component, w)}' added")
                        + (weight is { } added ? w.Say($" с весом {w.Pct(added)}", $" weighing {w.Pct(added)}") : ""), now: weight));
                    continue;
                }
                var (a, b) = (Terms(was), Terms(component));
                foreach (var field in a.Keys.Union(b.Keys))
                    Compare(component, field, a.GetValueOrDefault(field), b.GetValueOrDefault(field), percent: field != "target" || IsRatio(component));
                foreach (var period in shared)
                {
                    var (then, now) = (Terms(SeasonalOverrides.ForPeriod(previous, period).Components.FirstOrDefault(c => c.Id == component.Id)),
                        Terms(SeasonalOverrides.ForPeriod(assignment, period).Components.First(c => c.Id == component.Id)));
                    foreach (var field in new[] { "weight", "target" })
                    {
                        // A month counts as its own change only where it differs from the base terms' change.
                        var baseChanged = a.GetValueOrDefault(field) != b.GetValueOrDefault(field);
                        if (!baseChanged)
                            Compare(component, field, then.GetValueOrDefault(field), now.GetValueOrDefault(field), percent: field != "target" || IsRatio(component), period: period);
                    }
                }
            }
            foreach (var removed in components.Values)
                changes.Add(Change("removed", removed.Id, null, w.Say($"{label}: KPI «{Name(removed, w)}» убран", $"{label}: KPI '{Name(removed, w)}' removed"),
                    was: Terms(removed).GetValueOrDefault("weight")));
        }
        foreach (var who in old.Keys)
            changes.Add(new ProposalChange
            {
                Role = who.Role,
                TeamId = who.TeamId,
                EmployeeId = who.EmployeeId,
                Change = "removed",
                Field = "assignment",
                Text = w.Say($"{who.Label(w)}: убрано из плана", $"{who.Label(w)}: removed from the plan"),
            });
        return changes;
    }

    private static string Span(PlanDocument plan) => plan.Periods.Count == 1 ? plan.Periods[0] : $"{plan.Periods[0]} — {plan.Periods[^1]}";

    private static string Describe(Words w, string label, Component? component, string field, decimal? before, decimal? after, bool money, bool percent, string? period)
    {
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
        var subject = component is null ? label : $"{label} · {Name(component, w)}";
        var when = period is null ? "" : w.Say($" в {period}", $" in {period}");
        return $"{subject}: {what}{when} {Show(before)} → {Show(after)}";
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
