using Saas.Engine.Common;

namespace Saas.Engine.Assistant.Parsing;

internal enum Kind
{
    Role,
    Metric,
    Direction,
    Numeral,
    Inexact,
    Approx,
    Negation,
    MonthName,
    Article,
    Multiplier,
    Currency,
    Percent,
    Points,
    TimesWord,
    TimesFixed,
    From,
    Current,
    To,
    By,
    Arrow,
    Horizon,
    HorizonPrep,
    PeriodUnit,
    PerPeriod,
    GoalIntro,
    Filler,
    Conjunction,
    People,
    TeamOf,
    Modifier,
    Boundary,
    Punct,
    Dash,
    Colon,
    OpenParen,
    CloseParen,
    Ignorable,
    Unknown,
    Number,
    Range,
    Value,
}

/// <summary>Grammatical number of the word a role was read from: with no count, a singular means one person and a
/// plural means "some", which is not a count.</summary>
internal enum GramNum
{
    None,
    Singular,
    Plural,
    Ambiguous,
}

internal enum PeriodEnd
{
    None,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// <summary>What a phrase of the lexicon means. One shape for every kind keeps the lexicon a flat table.</summary>
internal sealed record Meaning(Kind Kind)
{
    public Role Role { get; init; }

    /// <summary>A <see cref="Metrics.MetricKeys"/> key; null on a metric phrase names a conversion between stages the
    /// catalogue has no metric for ("конверсия из лида в SQL").</summary>
    public string? Metric { get; init; }

    /// <summary>The metric to use instead when the values are percents ("пролонгация 80 %" is the renewal rate).</summary>
    public string? RatioMetric { get; init; }

    public GoalDirection Direction { get; init; }

    /// <summary>A numeral's value, a multiplier's factor, or the factor a verb implies ("удвоить" = 2).</summary>
    public decimal Amount { get; init; }

    public string? Currency { get; init; }

    /// <summary>Months of a period unit or of a fixed horizon ("за квартал" = 3).</summary>
    public int Months { get; init; }

    /// <summary>For "до конца года" and the like: the period whose end is the deadline.</summary>
    public PeriodEnd EndOf { get; init; }

    /// <summary>Whole periods after the current one ("next quarter" = 1).</summary>
    public int PeriodsAhead { get; init; }

    /// <summary>A word that names an activity as often as a person ("SMM", "лидген", "таргет"): a role only when a
    /// number is written with it ("SMM x2", "лидген — 2 чела"); alone it is left unrecognized.</summary>
    public bool NeedsCount { get; init; }

    /// <summary>A one-letter unit ("k", "м", "x") means something only when written against a number ("100k").</summary>
    public bool Adjacent { get; init; }
}
