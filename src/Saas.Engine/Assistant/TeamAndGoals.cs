using Saas.Engine.Common;
using Saas.Engine.Text;

namespace Saas.Engine.Assistant;

/// <summary>What the assistant understood of a free-text description of a team and its goals.
/// Nothing is guessed: every part of the text that was not understood is listed in <see cref="Unrecognized"/>.</summary>
public sealed record TeamAndGoals
{
    public required Language Language { get; init; }
    public required IReadOnlyList<RoleCount> Roles { get; init; }
    public required IReadOnlyList<Goal> Goals { get; init; }
    public required IReadOnlyList<UnrecognizedFragment> Unrecognized { get; init; }
}

/// <summary>A role and how many people hold it. <see cref="Count"/> is null when the text gives no exact number
/// ("несколько маркетологов", "a few SDRs"); the fragment is then also reported as unrecognized.</summary>
public sealed record RoleCount
{
    public required Role Role { get; init; }
    public int? Count { get; init; }

    /// <summary>The words the role was read from, as written.</summary>
    public required string Text { get; init; }
}

public enum GoalDirection
{
    Increase,
    Decrease,

    /// <summary>A target without a starting point ("выручка 10 млн в месяц").</summary>
    Reach,
}

public enum GoalUnit
{
    /// <summary>Values are fractions: 15 % is 0.15.</summary>
    Ratio,

    /// <summary>Values are amounts in <see cref="Goal.Currency"/> (or the tenant's currency when null).</summary>
    Money,

    /// <summary>Values are counts (leads, MQL, renewals).</summary>
    Count,
}

/// <summary>A goal such as "raise CR from 15 % to 20 % in 3 months": a metric from the engine's catalogue
/// (<see cref="Metrics.MetricKeys"/>), where it starts, where it should be, and by when.</summary>
public sealed record Goal
{
    /// <summary>A key of <see cref="Metrics.MetricKeys"/>, e.g. <c>cr_sql_to_won</c>, <c>revenue</c>, <c>cpl</c>.</summary>
    public required string Metric { get; init; }

    public required GoalDirection Direction { get; init; }
    public required GoalUnit Unit { get; init; }
    public decimal? From { get; init; }
    public decimal? To { get; init; }

    /// <summary>ISO 4217 code when the text named one (₽, руб., RUB, $, USD, €).</summary>
    public string? Currency { get; init; }

    /// <summary>Months from the reference date to the deadline ("за 3 месяца" = 3, "in a quarter" = 3,
    /// "до конца года" = months left in the year, counting the current one).</summary>
    public int? HorizonMonths { get; init; }

    /// <summary>The words the goal was read from, as written.</summary>
    public required string Text { get; init; }
}

/// <summary>A part of the text that was not understood, so that a frontend can ask the user about it.
/// <see cref="Start"/> and <see cref="Length"/> are UTF-16 offsets into the text that was parsed.</summary>
public sealed record UnrecognizedFragment
{
    public required string Text { get; init; }
    public required int Start { get; init; }
    public required int Length { get; init; }

    /// <summary><c>unknown_words</c>, <c>count_not_exact</c>, <c>goal_incomplete</c> or <c>too_long</c>.</summary>
    public required string Reason { get; init; }
}
