using System.Text.Json.Serialization;
using Saas.Engine.Text;

namespace Saas.Engine.Metrics;

/// <summary>How a metric's value is expressed.</summary>
public enum MetricUnit
{
    /// <summary>A number of things (leads, deals, complaints).</summary>
    Count,

    /// <summary>An amount in the plan's currency.</summary>
    Money,

    /// <summary>A fraction: 0.22 means 22 %. Every ratio in the engine (conversions, shares, compliance,
    /// ROMI, attainment, rates) is a fraction, never a percent number.</summary>
    Ratio,

    /// <summary>A duration in minutes of working time.</summary>
    Minutes,
}

public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>A text in the two languages the product speaks.</summary>
public sealed record LocalizedText(string En, string Ru)
{
    public string In(Language language) => language == Language.Ru ? Ru : En;
}

/// <summary>One metric of the catalogue: what it means, in which unit, which way is good, and what it is
/// computed from. <see cref="Numerator"/> and <see cref="Denominator"/> name the catalogue metrics a derived
/// metric divides, so a report or a team total can recompute it from counts instead of averaging ratios.</summary>
public sealed record MetricDefinition
{
    public required string Key { get; init; }
    public required LocalizedText Name { get; init; }
    public required LocalizedText Definition { get; init; }
    public required MetricUnit Unit { get; init; }
    public required MetricDirection Direction { get; init; }

    /// <summary>Event types (as ingested) the metric is computed from.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>True when the metric needs the spend entries (<c>POST /actuals/spend</c>).</summary>
    public bool UsesSpend { get; init; }

    public string? Numerator { get; init; }
    public string? Denominator { get; init; }

    /// <summary>The largest meaningful value, for proportions (a conversion cannot exceed 1). Used by
    /// validation to catch "20" typed where 0.20 was meant.</summary>
    public decimal? MaxValue { get; init; }

    [JsonIgnore]
    public bool HigherIsBetter => Direction == MetricDirection.HigherIsBetter;

    /// <summary>A value of this metric as statement lines and progress write it: a percent, money in <paramref name="currency"/>,
    /// working minutes or a number, in <paramref name="language"/>.</summary>
    public string Show(decimal value, string currency, Language language) => Unit switch
    {
        MetricUnit.Ratio => NumberText.Percent(value, language),
        MetricUnit.Money => NumberText.Money(value, currency, language),
        MetricUnit.Minutes => NumberText.Number(value, language) + (language == Language.Ru ? "\u00A0мин" : " min"),
        _ => NumberText.Number(value, language),
    };
}
