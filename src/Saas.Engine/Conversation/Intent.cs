using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;

namespace Saas.Engine.Conversation;

/// <summary>What a message asks for. Facts (<see cref="Team"/> … <see cref="Months"/>) tell the assistant about the
/// company; refinements (<see cref="VariableShare"/> … <see cref="Scheme"/>) change the proposal; <see cref="Why"/>
/// asks about it; <see cref="Skip"/> declines the question asked.</summary>
public enum IntentKind
{
    /// <summary>A role and its headcount (<see cref="Intent.Role"/>, <see cref="Intent.Count"/>).</summary>
    Team,

    /// <summary>A goal (<see cref="Intent.Goal"/>); it replaces a goal on the same metric.</summary>
    Goal,

    /// <summary>Where a goal's metric stands now (<see cref="Intent.Metric"/>, <see cref="Intent.Value"/>).</summary>
    Baseline,

    /// <summary>Base salary per person per month, of <see cref="Intent.Role"/> or of every role without one.</summary>
    Salary,

    /// <summary>The monthly marketing budget.</summary>
    Budget,

    AverageDeal,

    /// <summary>How many months the plan covers (<see cref="Intent.Count"/>).</summary>
    Months,

    /// <summary>A role's target variable pay as a fraction of base: <see cref="Intent.Value"/> to set it,
    /// <see cref="Intent.Change"/> to move it.</summary>
    VariableShare,

    Weight,
    AddKpi,
    RemoveKpi,
    Threshold,
    Cap,
    Accelerator,

    /// <summary>More weight on <see cref="Intent.Metric"/> in <see cref="Intent.CalendarMonths"/>.</summary>
    Seasonal,

    /// <summary>A goal's value to reach (<see cref="Intent.Metric"/>, <see cref="Intent.Value"/>).</summary>
    Target,

    /// <summary>Months to reach the goals, or the goal on <see cref="Intent.Metric"/> (<see cref="Intent.Count"/>).</summary>
    Ramp,

    Scheme,
    Why,
    Skip,

    /// <summary>In a plan review: accept the review's proposals numbered in <see cref="Intent.Items"/> (all when empty).</summary>
    ApplyProposals,

    /// <summary>In a plan review: take back the proposals numbered in <see cref="Intent.Items"/> (all when empty).</summary>
    DropProposals,
}

/// <summary>One thing a message asks for, in the structured form both readers produce: the rule-based
/// <see cref="IntentReader"/> and an optional language model, whose output <see cref="IntentValidator"/> checks. The engine
/// decides and computes everything from intents; a reader only understands words. Ratios are fractions (0.4 = 40 %).</summary>
public sealed record Intent
{
    public required IntentKind Kind { get; init; }

    /// <summary>Null when the message names no role: a refinement then applies to every role it fits.</summary>
    public Role? Role { get; init; }

    /// <summary>A metric key of the catalogue, or a component id (<c>sla_gate</c>).</summary>
    public string? Metric { get; init; }

    public int? Count { get; init; }

    /// <summary>The new value: a share, weight, attainment, rate, amount or target.</summary>
    public decimal? Value { get; init; }

    /// <summary>A change of the current value instead of a new one (+0.1 = ten points more).</summary>
    public decimal? Change { get; init; }

    /// <summary>Calendar months 1–12 of a seasonal change.</summary>
    public IReadOnlyList<int> CalendarMonths { get; init; } = [];

    public LeadGeneratorScheme? Scheme { get; init; }

    public Goal? Goal { get; init; }

    /// <summary>Numbers (from 1) of a plan review's proposals.</summary>
    public IReadOnlyList<int> Items { get; init; } = [];

    /// <summary>Where in the message the intent was read from.</summary>
    public required TextSpan Source { get; init; }
}

/// <summary>A part of a message: UTF-16 <see cref="Start"/> and <see cref="Length"/>, and the words themselves.</summary>
public sealed record TextSpan(int Start, int Length, string Text)
{
    public static TextSpan Of(string text, int start, int end) => new(start, end - start, text[start..end]);
}

/// <summary>What a reader made of a message: the intents, and every part it did not understand with a reason
/// (<c>unknown_words</c>, <c>count_not_exact</c>, <c>goal_incomplete</c>, <c>unknown_metric</c>, <c>months_missing</c>, …).</summary>
public sealed record IntentReading(IReadOnlyList<Intent> Intents, IReadOnlyList<NotUnderstood> NotUnderstood);

public sealed record NotUnderstood(TextSpan Source, string Reason);
