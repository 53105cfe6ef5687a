using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;

namespace Saas.Engine.Generation;

/// <summary>Applies a request's <see cref="PlanAdjustment"/>s to a role's drafts and overrides. Weights move in whole
/// percents and keep adding up to exactly 1; an adjustment that cannot be made leaves the plan as it was and says why in
/// an <c>adjustment_ignored</c> warning, so the caller never has to guess whether it took.</summary>
internal static class Adjustments
{
    private const decimal WeightUnit = 0.01m;

    /// <summary>No KPI is pushed below this weight by another one's raise: a KPI worth less is noise.</summary>
    private const decimal MinWeight = 0.05m;

    public static List<Draft> Apply(List<Draft> drafts, PlanAdjustment adjustment, TargetSource t)
    {
        var inputs = t.Inputs;
        var w = inputs.W;
        var role = adjustment.Role;
        var key = adjustment.Metric;
        var name = Name(drafts, key, w);
        var matches = Enumerable.Range(0, drafts.Count).Where(i => Matches(drafts[i], key)).ToList();
        var weighted = matches.Where(i => drafts[i].Weighted).ToList();

        void Ignore(string ru, string en) =>
            inputs.Warn("adjustment_ignored", $"{w.Role(role)}: {ru}", $"{w.Role(role)}: {en}");

        var result = drafts.ToList();
        switch (adjustment.Kind)
        {
            case AdjustmentKind.AddKpi:
                if (matches.Count > 0)
                {
                    Ignore($"KPI «{name}» уже есть.", $"the KPI '{name}' is already there.");
                    return drafts;
                }
                var added = RoleTemplates.Requested(role, key, t);
                var others = result.Where(d => d.Weighted).ToList();
                if (others.Count == 0)
                {
                    result.Insert(0, added with { Weight = 1m });
                    return result;
                }
                result.Add(added with { Weight = 0m });
                var addedUnits = Units(GenerationPolicy.AddedKpiWeight);
                if (Raise(result, result.Count - 1, addedUnits) == 0)
                {
                    Ignore($"другие KPI не могут уступить вес для «{name}».", $"the other KPIs have no weight left to give to '{name}'.");
                    return drafts;
                }
                return Noted(result, result.Count - 1, $"Добавлен по вашей просьбе с весом {w.Pct(result[^1].Weight!.Value)}; веса остальных KPI уменьшены пропорционально.",
                    $"Added at your request with a weight of {w.Pct(result[^1].Weight!.Value)}; the other KPIs' weights shrank in proportion.");

            case AdjustmentKind.RemoveKpi:
                if (matches.Count == 0)
                {
                    Ignore($"KPI «{name}» в плане нет.", $"there is no KPI '{name}' in the plan.");
                    return drafts;
                }
                if (weighted.Count > 0 && result.Count(d => d.Weighted) == weighted.Count)
                {
                    Ignore($"«{name}» — единственный KPI с весом; без него премию не за что платить.",
                        $"'{name}' is the only weighted KPI; without it there is nothing to pay the bonus for.");
                    return drafts;
                }
                var freed = weighted.Sum(i => Units(result[i].Weight!.Value));
                foreach (var i in matches.OrderByDescending(i => i))
                    result.RemoveAt(i);
                Spread(result, Enumerable.Range(0, result.Count).Where(i => result[i].Weighted).ToList(), freed);
                return result;

            case AdjustmentKind.Weight:
                if (weighted.Count == 0)
                {
                    Ignore($"у KPI «{name}» нет веса (или его нет в плане).", $"'{name}' has no weight (or is not in the plan).");
                    return drafts;
                }
                var at = weighted[0];
                if (result.Count(d => d.Weighted) == 1)
                {
                    Ignore($"«{name}» — единственный KPI с весом, его вес всегда 100 %.", $"'{name}' is the only weighted KPI; its weight is always 100 %.");
                    return drafts;
                }
                var before = result[at].Weight!.Value;
                var change = Units(adjustment.Value!.Value) - Units(before);
                if (change > 0)
                    Raise(result, at, change);
                else if (change < 0)
                {
                    result[at] = result[at] with { Weight = before + change * WeightUnit };
                    Spread(result, Enumerable.Range(0, result.Count).Where(i => i != at && result[i].Weighted).ToList(), -change);
                }
                if (result[at].Weight == before)
                {
                    Ignore($"вес «{name}» уже {w.Pct(before)} или другие KPI не могут уступить больше.",
                        $"the weight of '{name}' is already {w.Pct(before)} or the other KPIs cannot give more.");
                    return drafts;
                }
                return Noted(result, at, $"Вес изменён по вашей просьбе: {w.Pct(before)} → {w.Pct(result[at].Weight!.Value)}; остальные веса изменены пропорционально.",
                    $"Weight changed at your request: {w.Pct(before)} → {w.Pct(result[at].Weight!.Value)}; the other weights moved in proportion.");

            case AdjustmentKind.Threshold or AdjustmentKind.Cap or AdjustmentKind.Accelerator:
                if (weighted.Count == 0)
                {
                    Ignore($"у «{name}» нет выполнения плана, к которому это применить.", $"'{name}' is not paid by attainment, so this does not apply.");
                    return drafts;
                }
                var value = adjustment.Value!.Value;
                foreach (var i in weighted)
                {
                    var d = result[i];
                    if (adjustment.Kind == AdjustmentKind.Threshold && value >= (d.Cap ?? decimal.MaxValue)
                        || adjustment.Kind == AdjustmentKind.Cap && value <= (d.Threshold ?? 0m))
                    {
                        Ignore($"порог {w.Pct(adjustment.Kind == AdjustmentKind.Threshold ? value : d.Threshold!.Value)} должен быть ниже потолка {w.Pct(adjustment.Kind == AdjustmentKind.Cap ? value : d.Cap!.Value)}.",
                            $"the threshold {w.Pct(adjustment.Kind == AdjustmentKind.Threshold ? value : d.Threshold!.Value)} must stay below the cap {w.Pct(adjustment.Kind == AdjustmentKind.Cap ? value : d.Cap!.Value)}.");
                        return drafts;
                    }
                    result[i] = adjustment.Kind switch
                    {
                        AdjustmentKind.Threshold => d with { Threshold = value },
                        AdjustmentKind.Cap => d with { Cap = value },
                        _ => d with { Curve = Curve.Marginal(new Tier(0m, 1m), new Tier(1m, value)) },
                    };
                    result = Noted(result, i, adjustment.Kind switch
                    {
                        AdjustmentKind.Threshold => ($"Порог выплаты изменён по вашей просьбе: {w.Pct(value)} выполнения.", $"Payout threshold set at your request: {w.Pct(value)} attainment."),
                        AdjustmentKind.Cap => ($"Потолок изменён по вашей просьбе: учитывается до {w.Pct(value)} выполнения.", $"Cap set at your request: attainment counts up to {w.Pct(value)}."),
                        _ => ($"Ускоритель по вашей просьбе: каждый процент сверх 100 % платится × {w.Num(value)}.", $"Accelerator at your request: each point above 100 % pays × {w.Num(value)}."),
                    });
                }
                return result;

            default:
                throw new ArgumentOutOfRangeException(nameof(adjustment), adjustment.Kind, "Seasonal changes are overrides, see Seasonal.");
        }
    }

    /// <summary>Weight overrides for the months of a season: the KPI gains <see cref="PlanAdjustment.Value"/> in each plan
    /// month of the season, the others give it up in proportion; merged into the role's existing overrides.</summary>
    public static void Seasonal(IReadOnlyList<Draft> drafts, List<ComponentOverride> overrides, PlanAdjustment adjustment, Inputs inputs)
    {
        var w = inputs.W;
        var draft = drafts.FirstOrDefault(d => d.Weighted && Matches(d, adjustment.Metric));
        var months = inputs.Periods.Where(p => adjustment.Months.Contains(p.Number)).Select(p => p.ToString()).ToList();
        if (draft is null || months.Count == 0 || drafts.Count(d => d.Weighted) == 1)
        {
            inputs.Warn("adjustment_ignored",
                $"{w.Role(adjustment.Role)}: сезонное изменение не применено — " + (draft is null ? $"KPI с весом на «{Name(drafts, adjustment.Metric, w)}» нет." : months.Count == 0 ? "в плане нет этих месяцев." : "это единственный KPI с весом."),
                $"{w.Role(adjustment.Role)}: the seasonal change was not made: " + (draft is null ? $"no weighted KPI on '{Name(drafts, adjustment.Metric, w)}'." : months.Count == 0 ? "the plan has none of those months." : "it is the only weighted KPI."));
            return;
        }
        foreach (var period in months)
        {
            var weights = drafts.Where(d => d.Weighted)
                .Select(d => (d.Id, Weight: overrides.FirstOrDefault(o => o.Period == period && o.Component == d.Id)?.Weight ?? d.Weight!.Value))
                .ToList();
            var donors = weights.Where(x => x.Id != draft.Id).ToList();
            var (raised, given) = WeightShift.Raise(donors.Select(x => x.Weight).ToList(), Units(adjustment.Value!.Value), MinWeight, WeightUnit);
            if (raised == 0)
                continue;
            Set(overrides, period, draft.Id, weights.First(x => x.Id == draft.Id).Weight + raised * WeightUnit);
            for (var i = 0; i < donors.Count; i++)
            {
                if (given[i] > 0)
                    Set(overrides, period, donors[i].Id, donors[i].Weight - given[i] * WeightUnit);
            }
        }
    }

    public static bool Matches(Draft draft, string key) => draft.Id == key || draft.Metric == key;

    /// <summary>How a refusal names the KPI: the metric's name, else the component's label ("SLA gate"), not its id.</summary>
    private static string Name(IReadOnlyList<Draft> drafts, string key, Words w) =>
        MetricCatalogue.TryGet(key, out var known) ? known.Name.In(w.Language)
        : drafts.FirstOrDefault(d => d.Id == key)?.Label?.In(w.Language) ?? key;

    private static void Set(List<ComponentOverride> overrides, string period, string component, decimal weight)
    {
        var i = overrides.FindIndex(o => o.Period == period && o.Component == component);
        if (i >= 0)
            overrides[i] = overrides[i] with { Weight = Funnel.Trim(weight) };
        else
            overrides.Add(new ComponentOverride { Period = period, Component = component, Weight = Funnel.Trim(weight) });
    }

    private static int Units(decimal weight) => (int)Math.Round(weight / WeightUnit, MidpointRounding.AwayFromZero);

    /// <summary>Moves up to <paramref name="units"/> to the draft at <paramref name="at"/> from the other weighted drafts.</summary>
    private static int Raise(List<Draft> drafts, int at, int units)
    {
        var donors = Enumerable.Range(0, drafts.Count).Where(i => i != at && drafts[i].Weighted).ToList();
        var (raised, given) = WeightShift.Raise(donors.Select(i => drafts[i].Weight!.Value).ToList(), units, MinWeight, WeightUnit);
        drafts[at] = drafts[at] with { Weight = Funnel.Trim(drafts[at].Weight!.Value + raised * WeightUnit) };
        for (var k = 0; k < donors.Count; k++)
            drafts[donors[k]] = drafts[donors[k]] with { Weight = Funnel.Trim(drafts[donors[k]].Weight!.Value - given[k] * WeightUnit) };
        return raised;
    }

    /// <summary>Gives <paramref name="units"/> to <paramref name="takers"/> in proportion to their weights, in whole units
    /// (largest remainder first, the first taker on a tie).</summary>
    private static void Spread(List<Draft> drafts, IReadOnlyList<int> takers, int units)
    {
        if (takers.Count == 0 || units == 0)
            return;
        var total = takers.Sum(i => drafts[i].Weight!.Value);
        var shares = takers.Select(i => total == 0 ? (decimal)units / takers.Count : units * drafts[i].Weight!.Value / total).ToList();
        var whole = shares.Select(s => (int)decimal.Floor(s)).ToArray();
        var rest = units - whole.Sum();
        foreach (var k in Enumerable.Range(0, takers.Count).OrderByDescending(k => shares[k] - whole[k]).ThenBy(k => k).Take(rest))
            whole[k]++;
        for (var k = 0; k < takers.Count; k++)
            drafts[takers[k]] = drafts[takers[k]] with { Weight = Funnel.Trim(drafts[takers[k]].Weight!.Value + whole[k] * WeightUnit) };
    }

    private static List<Draft> Noted(List<Draft> drafts, int at, string ru, string en) => Noted(drafts, at, (ru, en));

    private static List<Draft> Noted(List<Draft> drafts, int at, (string Ru, string En) note)
    {
        drafts[at] = drafts[at] with { Notes = [.. drafts[at].Notes, new LocalizedText(note.En, note.Ru)] };
        return drafts;
    }
}
