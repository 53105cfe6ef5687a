using System.Globalization;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Payouts;

/// <summary>What every component's math needs besides its own terms: the input, the target variable pay, and
/// the number formats of the tenant's language.</summary>
internal sealed class PayoutContext(PayoutInput input, decimal targetPay, IReadOnlySet<string> overridden)
{
    public PayoutInput Input { get; } = input;
    public decimal TargetPay { get; } = targetPay;
    public Language Language { get; } = Languages.FromLocale(input.Locale);

    public string Say(string ru, string en) => Language == Language.Ru ? ru : en;

    /// <summary>Invariant notation for formulas.</summary>
    public static string Inv(decimal value) => NumberText.Invariant(value);

    public string Money(decimal amount) => NumberText.Money(amount, Input.Currency, Language);

    public string Pct(decimal fraction) => NumberText.Percent(fraction, Language);

    /// <summary>A plain number: a weight, a rate, an amount without its currency ("30 000").</summary>
    public string Num(decimal value) => NumberText.Number(value, Language, 0, 4);

    /// <summary>A payout factor with at least two decimals, as payroll people write it ("1,10").</summary>
    public string Factor(decimal value) => NumberText.Number(value, Language, 2, 4);

    public string Date(DateOnly date) =>
        date.ToString(Language == Language.Ru ? "dd.MM.yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Name(MetricDefinition metric) => metric.Name.In(Language);

    public string Value(MetricDefinition metric, decimal value) => metric.Show(value, Input.Currency, Language);

    public static string Symbol(ComparisonOperator op, bool holds) => (op, holds) switch
    {
        (ComparisonOperator.AtLeast, true) => "≥",
        (ComparisonOperator.AtLeast, false) => "<",
        (ComparisonOperator.AtMost, true) => "≤",
        _ => ">",
    };

    public static bool Holds(MetricCondition condition, decimal value) =>
        condition.Operator == ComparisonOperator.AtLeast ? value >= condition.Value : value <= condition.Value;

    /// <summary>A condition as an explanation states it: "Конверсия ≥ 20 %".</summary>
    public string Rule(MetricCondition condition)
    {
        var metric = MetricCatalogue.Get(condition.Metric);
        return $"{Name(metric)} {Symbol(condition.Operator, true)} {Value(metric, condition.Value)}";
    }

    /// <summary>A condition tested against the actual value, as a formula shows it: "0.18 &lt; 0.2", or "cr: no data".</summary>
    public static string Test(MetricCondition condition, decimal? actual) => actual is { } value
        ? $"{Inv(value)} {Symbol(condition.Operator, Holds(condition, value))} {Inv(condition.Value)}"
        : $"{condition.Metric}: no data";

    /// <summary>The components a gate or a multiplier applies to (<paramref name="appliesTo"/>, all when null) that paid a line
    /// this period (a spif settled later has nothing yet), what they earned so far, and how a line names and adds them.</summary>
    public static AppliedTo Applied(IReadOnlyList<string>? appliesTo, Dictionary<string, decimal> earned, IReadOnlyList<Component> components)
    {
        var ids = (appliesTo ?? components.Select(c => c.Id)).Where(earned.ContainsKey).ToList();
        var parts = ids.Select(id => earned[id]).ToList();
        var sum = parts.Sum();
        return new AppliedTo(ids, sum,
            string.Join(", ", ids.Select(id => components.First(c => c.Id == id)).Select(c => c.Label ?? c.Id)),
            parts.Count == 1 ? Inv(sum) : $"({string.Join(" + ", parts.Select(Inv))})");
    }

    /// <summary>A component line with nothing computed yet.</summary>
    public PayoutLine Line(Component component) => new()
    {
        Kind = PayoutLineKind.Component,
        Outcome = LineOutcome.Paid,
        ComponentId = component.Id,
        ComponentKind = component.Kind,
        Label = component.Label,
        Overridden = overridden.Contains(component.Id),
        Amount = 0m,
        Formula = "",
        Explanation = "",
    };

    /// <summary>Finishes a line's explanation, noting a seasonal override.</summary>
    public string Explain(PayoutLine line, string text) =>
        line.Overridden ? text + Say($" (сезонная настройка на {Input.Period})", $" (seasonal override for {Input.Period})") : text;

    public PayoutLine Missing(PayoutLine line, string metric, string subject, bool previousPeriod = false) => line with
    {
        Outcome = LineOutcome.MissingData,
        Amount = 0m,
        Formula = $"{metric}{(previousPeriod ? " (previous period)" : "")}: no data → 0",
        Explanation = Explain(line, previousPeriod
            ? Say($"{subject}: нет данных за прошлый период — не начислено", $"{subject}: no data for the previous period — nothing earned")
            : Say($"{subject}: нет данных за период — не начислено", $"{subject}: no data for the period — nothing earned")),
    };
}

/// <summary>What <see cref="PayoutContext.Applied"/> found: the ids, their earned total, their names for an explanation and
/// the sum for a formula ("(12000 + 3000)").</summary>
internal sealed record AppliedTo(IReadOnlyList<string> Ids, decimal Earned, string Names, string Formula);
