using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Generation;

/// <summary>The SMART check of seed 000, per KPI. Specific: a catalogue metric with a definition. Measurable: a target
/// (or a threshold, a rate, the previous month). Achievable: no month asks more than
/// <see cref="GenerationPolicy.PlausibleChangePerQuarter"/> spread over three months beyond the one before it (the first
/// month against the current value). Relevant: it serves a goal or is a core KPI of the role's template. Time-bound: it is
/// set per month of the plan.</summary>
internal static class Smart
{
    public static SmartCheck Check(Inputs inputs, Role role, Draft d)
    {
        var w = inputs.W;
        var metric = MetricCatalogue.Get(d.Metric);
        var name = metric.Name.In(w.Language);
        var criteria = new List<SmartResult>
        {
            new(SmartCriterion.Specific, true, w.Say($"«{name}» — метрика каталога: {metric.Definition.Ru}", $"'{name}' is a catalogue metric: {metric.Definition.En}")),
            Measurable(d, metric, w),
            Achievable(d, metric, inputs),
            new(SmartCriterion.Relevant, true, d.Goal is { } goal
                ? w.Say($"Служит цели «{goal.Goal.Text}».", $"Serves the goal '{goal.Goal.Text}'.")
                : w.Say($"Базовый KPI роли «{w.Role(role)}»: {d.Why.Ru}", $"A core KPI of the {w.Role(role)} role: {d.Why.En}")),
            new(SmartCriterion.TimeBound, inputs.Periods.Count > 0, w.Say(
                $"Помесячно, {inputs.Periods[0]} — {inputs.Periods[^1]} ({inputs.Periods.Count} мес.).",
                $"Monthly, {inputs.Periods[0]} to {inputs.Periods[^1]} ({inputs.Periods.Count} months).")),
        };
        return new SmartCheck
        {
            Role = role,
            ComponentId = d.Id,
            Metric = d.Metric,
            Passed = criteria.All(c => c.Passed),
            Criteria = criteria,
        };
    }

    private static SmartResult Measurable(Draft d, MetricDefinition metric, Words w) => d.Kind switch
    {
        ComponentKind.Growth => new(SmartCriterion.Measurable, true, w.Say("Сравнение с прошлым месяцем.", "Compared with last month.")),
        ComponentKind.PerUnit => new(SmartCriterion.Measurable, d.Rate > 0, w.Say($"Ставка {w.Money(d.Rate)} за единицу.", $"{w.Money(d.Rate)} per unit.")),
        ComponentKind.Share => new(SmartCriterion.Measurable, d.Rate > 0, w.Say($"Доля {w.Pct(d.Rate)}.", $"A share of {w.Pct(d.Rate)}.")),
        ComponentKind.Gate => new(SmartCriterion.Measurable, true, w.Say($"Порог {w.Value(metric, d.Value)}.", $"Threshold {w.Value(metric, d.Value)}.")),
        _ => new(SmartCriterion.Measurable, d.Targets.Count > 0, w.Say(
            $"Цель на каждый месяц, от {w.Value(metric, d.Targets.Min())} до {w.Value(metric, d.Targets.Max())}.",
            $"A target for every month, from {w.Value(metric, d.Targets.Min())} to {w.Value(metric, d.Targets.Max())}.")),
    };

    private static SmartResult Achievable(Draft d, MetricDefinition metric, Inputs inputs)
    {
        var w = inputs.W;
        if (d.Kind is not (ComponentKind.Attainment or ComponentKind.Team or ComponentKind.Step) || d.Targets.Count == 0)
            return new(SmartCriterion.Achievable, true, d.Kind == ComponentKind.Gate
                ? w.Say("Стандарт из практики (SLA 90 %, причина у каждого отказа).", "A standard from practice (SLA 90 %, a reason for every disqualification).")
                : w.Say("Платит за каждый результат, без плана, который можно не выполнить.", "Pays for every result, with no plan to miss."));
        var allowed = GenerationPolicy.PlausibleChangePerQuarter / 3m;
        var previous = d.Current;
        var previousPeriod = w.Say("текущего значения", "the current value");
        for (var k = 0; k < d.Targets.Count; k++)
        {
            var target = d.Targets[k];
            if (previous is { } before && before > 0)
            {
                var change = (target - before) / before;
                var months = k == 0 ? 1 : inputs.Offsets[k] - inputs.Offsets[k - 1];
                var harder = metric.HigherIsBetter ? change : -change;
                if (harder > allowed * months)
                    return new(SmartCriterion.Achievable, false, w.Say(
                        $"{inputs.Periods[k]}: {w.Value(metric, target)} — на {w.Pct(Math.Abs(change))} {(change > 0 ? "выше" : "ниже")} {previousPeriod} " +
                        $"{w.Value(metric, before)}; правдоподобно не больше {w.Pct(allowed * months)} за месяц.",
                        $"{inputs.Periods[k]}: {w.Value(metric, target)} is {w.Pct(Math.Abs(change))} {(change > 0 ? "above" : "below")} {previousPeriod} " +
                        $"{w.Value(metric, before)}; at most {w.Pct(allowed * months)} a month is plausible."));
            }
            previous = target;
            previousPeriod = w.Say($"цели {inputs.Periods[k]}", $"the target of {inputs.Periods[k]}");
        }
        return new(SmartCriterion.Achievable, true, w.Say(
            $"Каждый месяц сдвигает цель не больше чем на {w.Pct(allowed)} (50 % за 3 мес.).",
            $"No month moves the target by more than {w.Pct(allowed)} (50 % in 3 months)."));
    }
}
