using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Generation;

/// <summary>A component being designed: its terms, its per-person targets by month and why it is there. Turned into a
/// plan component and a <see cref="KpiProposal"/> once the goals are merged in.</summary>
internal sealed record Draft
{
    public required string Id { get; init; }
    public required string Metric { get; init; }
    public required ComponentKind Kind { get; init; }
    public decimal? Weight { get; init; }
    public decimal? Threshold { get; init; }
    public decimal? Cap { get; init; }

    /// <summary>Per person, one per plan month; empty for kinds without a target.</summary>
    public IReadOnlyList<decimal> Targets { get; init; } = [];

    /// <summary>Per person, the month before the plan.</summary>
    public decimal? Current { get; init; }

    public required LocalizedText Why { get; init; }
    public GoalPlan? Goal { get; init; }

    /// <summary>A KPI of the same family (conversion, cost) may give way to a goal's KPI instead of sitting beside it.</summary>
    public string? Family { get; init; }

    public string? Group { get; init; }
    public decimal Every { get; init; }
    public decimal Rate { get; init; }
    public int? MaxSteps { get; init; }
    public MetricCondition? Condition { get; init; }
    public ShareMeasure Measure { get; init; }
    public ComparisonOperator Operator { get; init; }
    public decimal Value { get; init; }
    public LocalizedText? Label { get; init; }

    /// <summary>Linear when absent; an accelerator the company asked for otherwise.</summary>
    public Curve? Curve { get; init; }

    /// <summary>What was changed at the company's request, appended to the rationale.</summary>
    public IReadOnlyList<LocalizedText> Notes { get; init; } = [];

    public bool Weighted => Kind is ComponentKind.Attainment or ComponentKind.Team;

    public static string? FamilyOf(string metric) => MetricCatalogue.Get(metric) switch
    {
        { Numerator: MetricKeys.Spend } => "cost",
        { Unit: MetricUnit.Ratio, Numerator: not null } => "conversion",
        _ => null,
    };
}

/// <summary>Per-person targets from the team's funnel and goals.</summary>
internal sealed class TargetSource(Inputs inputs, TeamMonth current, IReadOnlyList<TeamMonth> months)
{
    public Inputs Inputs { get; } = inputs;
    public IReadOnlyList<TeamMonth> Months { get; } = months;
    public TeamMonth CurrentMonth { get; } = current;

    public decimal Team(string metric, int k) =>
        Inputs.GoalOn(metric)?.Monthly[k] ?? Months[k].Value(metric) ?? Inputs.Current(metric)?.Value ?? 0m;

    public decimal TeamCurrent(string metric) => CurrentMonth.Value(metric) ?? Inputs.Current(metric)?.Value ?? 0m;

    /// <summary>Heads answer for the team's total; a flow is split among the people who produce it (marketing and lead
    /// generators share leads, MQL and SQL); levels (conversions, costs) are not split.</summary>
    public int Divisor(Role role, string metric)
    {
        if (role is Role.HeadOfSales or Role.HeadOfMarketing || !Inputs.IsFlow(MetricCatalogue.Get(metric)))
            return 1;
        if (MetricOwners.Producers.Contains(role) && metric is MetricKeys.Leads or MetricKeys.Mql or MetricKeys.Sql)
            return MetricOwners.Producers.Sum(Inputs.Count);
        return Math.Max(1, Inputs.Count(role));
    }

    /// <summary>Rounded by unit (ratios four decimals, counts whole, money minor unit), never zero where zero would leave
    /// attainment undefined, never above a proportion's maximum.</summary>
    public decimal PerPerson(Role role, string metric, decimal team)
    {
        var definition = MetricCatalogue.Get(metric);
        var value = Inputs.Round(team / Divisor(role, metric), definition.Unit);
        if (definition.MaxValue is { } max)
            value = Math.Min(value, max);
        if (definition.HigherIsBetter && value <= 0)
            value = definition.Unit switch
            {
                MetricUnit.Ratio => 0.0001m,
                MetricUnit.Money => 1m / Pow10(Currency.MinorUnitsOf(Inputs.Currency)),
                _ => 1m,
            };
        return Funnel.Trim(value);
    }

    public IReadOnlyList<decimal> Series(Role role, string metric) =>
        Enumerable.Range(0, Months.Count).Select(k => PerPerson(role, metric, Team(metric, k))).ToList();

    public IReadOnlyList<decimal> Constant(decimal value) => Enumerable.Repeat(Funnel.Trim(value), Months.Count).ToList();

    public decimal Current(Role role, string metric) => PerPerson(role, metric, TeamCurrent(metric));

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
            result *= 10;
        return result;
    }
}
