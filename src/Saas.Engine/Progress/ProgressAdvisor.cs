using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Progress;

/// <summary>What one employee's assignment looks like part-way through its period.</summary>
public sealed record ProgressInput
{
    public required Assignment Assignment { get; init; }
    public required Period Period { get; init; }
    public required string Locale { get; init; }
    public required string Currency { get; init; }

    /// <summary>The statement's lines computed from the values so far, and their total.</summary>
    public required IReadOnlyList<PayoutLine> Lines { get; init; }
    public required decimal Total { get; init; }

    public required MetricValues Actuals { get; init; }
    public required MetricValues PreviousActuals { get; init; }
    public required PeriodPace Pace { get; init; }

    /// <summary>The statement's total if the component's metric (or the metric its condition tests) had the given value:
    /// the same computation as <see cref="Total"/>, one value changed. Without it the next steps are not priced (a gain of 0).</summary>
    public Func<Component, string, decimal, decimal>? TotalIf { get; init; }
}

/// <summary>Reads a provisional statement component by component: actual, target and attainment as the lines have them, the
/// projection at the current pace, the next value that pays more (the next threshold, tier, sliding step, growth or spif
/// target, priced by <see cref="ProgressInput.TotalIf"/>), and whether a gate holds. Texts in the tenant's language.</summary>
public static class ProgressAdvisor
{
    public static IReadOnlyList<ComponentProgress> Assess(ProgressInput input)
    {
        var language = Languages.FromLocale(input.Locale);
        var (components, _) = SeasonalOverrides.ForPeriod(input.Assignment, input.Period.ToString());
        return components.Select(component => Assess(component, input, language)).ToList();
    }

    private static ComponentProgress Assess(Component component, ProgressInput input, Language language)
    {
        var lines = input.Lines.Where(l => l.ComponentId == component.Id).ToList();
        var main = lines.FirstOrDefault(l => l.Kind is PayoutLineKind.Component or PayoutLineKind.Gate);
        // A share paid deal by deal has a line per deal: its actual is what they add up to.
        var perDeal = lines.Where(l => l.Kind == PayoutLineKind.Component).ToList();
        var actualOfLines = perDeal.Count > 1 ? perDeal.Sum(l => l.Actual ?? 0m) : main?.Actual;
        var progress = new ComponentProgress
        {
            Id = component.Id,
            Kind = component.Kind,
            Label = component.Label,
            Metric = main?.Metric ?? ComponentMetrics.MetricOf(component),
            Actual = actualOfLines,
            Target = main?.Target,
            Attainment = main?.Attainment,
            Amount = lines.Sum(l => l.Amount),
        };
        // A gate without data withholds as a missed one does, and is at risk until the data comes.
        if (component is GateComponent unmeasured && progress.Actual is null && main is not null)
            return progress with { Gate = GateOf(unmeasured, null, null, main, MetricCatalogue.Get(unmeasured.Metric), input, language) };
        if (progress is not { Metric: { } metric, Actual: { } actual })
            return progress;

        var definition = MetricCatalogue.Get(metric);
        var projected = Projection.Of(metric, actual, input.Pace);
        // Shown to four decimals, like attainment; the totals are computed from the unrounded values.
        progress = progress with { ProjectedActual = projected is { } shown ? Math.Round(shown, 4) : null };
        if (component is GateComponent gate)
            return progress with { Gate = GateOf(gate, actual, projected, main!, definition, input, language), OnPace = projected is { } p ? Holds(gate, p) : null };

        // A growth component's target is the previous period's value: attainment does not describe it.
        if (component is not GrowthComponent && progress.Target is { } target && projected is { } end)
        {
            var projectedAttainment = Attainment.Of(end, target, definition.Direction);
            progress = progress with { ProjectedAttainment = Math.Round(projectedAttainment, 4), OnPace = projectedAttainment >= 1 };
        }
        var steps = Steps(component, actual, input).ToList();
        return progress with
        {
            Reached = steps.Where(step => step.Reached).Sum(step => step.Count),
            NextStep = NextStepOf(component, steps, input, language),
        };
    }

    private static GateStatus GateOf(GateComponent gate, decimal? actual, decimal? projected, PayoutLine line, MetricDefinition metric,
        ProgressInput input, Language language)
    {
        var met = actual is { } value && Holds(gate, value);
        bool? projectedMet = projected is { } end ? Holds(gate, end) : null;
        var withheld = -line.Amount;
        var say = ProgressText.Say(language);
        var now = actual is { } shown ? metric.Show(shown, input.Currency, language) : say("— нет данных", "— no data yet");
        var needed = metric.Show(gate.Value, input.Currency, language);
        var head = say($"{metric.Name.Ru} {now}, условие: {Symbol(gate)} {needed}", $"{metric.Name.En} {now}, the gate needs {Symbol(gate)} {needed}");
        var tail = met
            ? projectedMet == false ? say(" — выполняется, но темп ведёт ниже", " — met, but the pace leads below it") : say(" — выполняется", " — met")
            : withheld > 0
                ? say($" — не выполняется, удерживается {NumberText.Money(withheld, input.Currency, language)}", $" — not met, {NumberText.Money(withheld, input.Currency, language)} withheld")
                : say(" — не выполняется", " — not met");
        return new GateStatus(met, projectedMet, !met || projectedMet == false, withheld, head + tail);
    }

    // A gate's test and its sign, as the gate's statement line writes them.
    private static bool Holds(GateComponent gate, decimal value) => PayoutContext.Holds(new MetricCondition(gate.Metric, gate.Operator, gate.Value), value);

    private static string Symbol(GateComponent gate) => PayoutContext.Symbol(gate.Operator, holds: true);

    /// <summary>The nearest step still ahead, priced; null when nothing ahead pays more by a step.</summary>
    private static NextStep? NextStepOf(Component component, List<Candidate> steps, ProgressInput input, Language language)
    {
        var candidate = steps
            .Where(c => !c.Reached)
            // Without its condition a per-unit component pays nothing at all: that comes first.
            .OrderBy(c => c.Kind != StepKind.Condition)
            .ThenBy(c => Math.Abs(c.Value - c.Current))
            .Cast<Candidate?>()
            .FirstOrDefault();
        if (candidate is not { } step)
            return null;
        var definition = MetricCatalogue.Get(step.Metric);
        var distance = Math.Abs(step.Value - step.Current);
        var gain = input.TotalIf is { } totalIf ? Math.Max(0m, totalIf(component, step.Metric, step.Value) - input.Total) : 0m;
        var say = ProgressText.Say(language);
        var name = definition.Name.In(language);
        var shown = definition.Show(distance, input.Currency, language);
        var head = step.Higher
            ? say($"{name}: ещё {shown} до {step.What.Ru}", $"{name}: {shown} more to {step.What.En}")
            : say($"{name}: на {shown} меньше до {step.What.Ru}", $"{name}: {shown} less to {step.What.En}");
        var worth = gain > 0 ? $" — ≈ +{NumberText.Money(gain, input.Currency, language)}" : "";
        return new NextStep(step.Kind, step.Metric, step.Current, step.Value, distance, gain, head + worth);
    }

    /// <summary>A value of <see cref="Metric"/> that pays more once reached (<see cref="Higher"/>: at or above it). <see cref="Count"/> is
    /// how many paying steps it stands for: the sliding steps already reached are one candidate, however many they are.</summary>
    private readonly record struct Candidate(StepKind Kind, string Metric, decimal Current, decimal Value, LocalizedText What, bool Higher, int Count = 1)
    {
        public bool Reached => Higher ? Current >= Value : Current <= Value;
    }

    /// <summary>The values at which the component starts paying more, reached or not: its threshold and tier starts, the sliding
    /// steps reached (one candidate) and the next one, the condition of per-unit pay (in the condition's own direction), the
    /// growth needed, a spif's target.</summary>
    private static IEnumerable<Candidate> Steps(Component component, decimal actual, ProgressInput input)
    {
        switch (component)
        {
            case IAttainmentTerms terms when terms.Target != 0:
                {
                    var higher = MetricCatalogue.Get(terms.Metric).HigherIsBetter;
                    decimal ValueAt(decimal a) => Whole(terms.Metric, higher ? a * terms.Target : (2 - a) * terms.Target);
                    if (terms.Threshold is { } threshold)
                        yield return new(StepKind.Threshold, terms.Metric, actual, ValueAt(threshold),
                            new($"the {NumberText.Percent(threshold, Language.En)} threshold", $"порога {NumberText.Percent(threshold, Language.Ru)}"), higher);
                    var starts = terms.Curve switch
                    {
                        { Mode: CurveMode.Marginal or CurveMode.Flat, Tiers: { } tiers } => tiers.Select(t => t.From),
                        { Mode: CurveMode.Interpolated, Points: { Count: > 0 } points } => [points[0].Attainment],
                        _ => [],
                    };
                    foreach (var start in starts.Where(s => s > 0 && (terms.Cap is not { } cap || s <= cap)))
                        yield return new(StepKind.Tier, terms.Metric, actual, ValueAt(start),
                            new($"the next tier (from {NumberText.Percent(start, Language.En)})", $"следующей ступени (от {NumberText.Percent(start, Language.Ru)})"),
                            higher);
                    break;
                }
            case StepComponent step when step.Every > 0:
                {
                    var higher = MetricCatalogue.Get(step.Metric).HigherIsBetter;
                    var excess = higher ? actual - step.Target : step.Target - actual;
                    var full = excess > 0 ? decimal.Floor(excess / step.Every) : 0m;
                    var reached = step.MaxSteps is { } max ? Math.Min(full, max) : full;
                    var what = new LocalizedText($"the next step (+{NumberText.Percent(step.Rate, Language.En)} of the target bonus)",
                        $"следующего шага (+{NumberText.Percent(step.Rate, Language.Ru)} целевой премии)");
                    decimal ValueAt(decimal n) => Whole(step.Metric, higher ? step.Target + n * step.Every : step.Target - n * step.Every);
                    if (reached > 0)
                        yield return new(StepKind.Step, step.Metric, actual, ValueAt(reached), what, higher, (int)Math.Min(reached, int.MaxValue));
                    if (step.MaxSteps is not { } last || reached < last)
                        yield return new(StepKind.Step, step.Metric, actual, ValueAt(reached + 1), what, higher);
                    break;
                }
            case PerUnitComponent perUnit:
                {
                    if (perUnit.Condition is { } condition && input.Actuals.Find(condition.Metric) is { } observed)
                        yield return new(StepKind.Condition, condition.Metric, observed, condition.Value,
                            new("the condition of per-unit pay", "условия оплаты за единицу"), condition.Operator == ComparisonOperator.AtLeast);
                    var higher = MetricCatalogue.Get(perUnit.Metric).HigherIsBetter;
                    foreach (var tier in (perUnit.Tiers ?? []).Where(t => t.From > 0))
                        yield return new(StepKind.Tier, perUnit.Metric, actual, Whole(perUnit.Metric, tier.From),
                            new($"the next rate ({ProgressText.Num(tier.Rate, Language.En)} a unit)", $"следующей ставки ({ProgressText.Num(tier.Rate, Language.Ru)} за единицу)"),
                            higher);
                    break;
                }
            case GrowthComponent growth when input.PreviousActuals.Find(growth.Metric) is { } before:
                {
                    var higher = MetricCatalogue.Get(growth.Metric).HigherIsBetter;
                    var improvement = growth.Measure == GrowthMeasure.Absolute || before == 0 ? growth.Minimum : Math.Abs(before) * growth.Minimum;
                    var value = Whole(growth.Metric, higher ? before + improvement : before - improvement);
                    // "More than nothing": a count must move by at least one.
                    if (value == before && Projection.Accumulates(growth.Metric))
                        value = higher ? before + 1 : before - 1;
                    if (value != before)
                        yield return new(StepKind.Growth, growth.Metric, actual, value, new("the growth bonus", "бонуса за рост"), higher);
                    break;
                }
            case SpifComponent { Target: { } target } spif when input.Lines.Any(l => l.ComponentId == spif.Id):
                yield return new(StepKind.Spif, spif.Metric, actual, Whole(spif.Metric, target), new("the spif's target", "цели акции (SPIF)"),
                    MetricCatalogue.Get(spif.Metric).HigherIsBetter);
                break;
        }
    }

    /// <summary>Counts come in whole units: the value that reaches a step is rounded toward "enough".</summary>
    private static decimal Whole(string metric, decimal value) =>
        MetricCatalogue.Get(metric).Unit != MetricUnit.Count ? value
        : MetricCatalogue.Get(metric).HigherIsBetter ? decimal.Ceiling(value) : decimal.Floor(value);
}
