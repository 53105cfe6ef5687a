using System.Text.Json.Serialization;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Engine.Conversation;

/// <summary>Everything the assistant knows after some messages: the facts the company told, each with the words it came
/// from, and the refinements it asked for. The proposal is not stored: it is generated from this state, so it always
/// follows the engine's rules and numbers.</summary>
public sealed record ConversationState
{
    public required Language Language { get; init; }

    /// <summary>ISO 4217 code of every amount.</summary>
    public required string Currency { get; init; }

    /// <summary>The plan's first month (<c>2027-01</c>): the month after the day the conversation began.</summary>
    public required string FirstPeriod { get; init; }

    /// <summary>Messages from the company so far; the next message has this index.</summary>
    public int Messages { get; init; }

    public IReadOnlyList<RoleFact> Team { get; init; } = [];
    public IReadOnlyList<GoalFact> Goals { get; init; } = [];

    /// <summary>Numbers about the company: <c>monthly_marketing_budget</c>, <c>average_deal_size</c>, <c>plan_months</c>.</summary>
    public IReadOnlyList<NumberFact> Numbers { get; init; } = [];

    public IReadOnlyList<RoleVariableShare> VariableShares { get; init; } = [];
    public LeadGeneratorScheme? Scheme { get; init; }
    public IReadOnlyList<PlanAdjustment> Adjustments { get; init; } = [];

    /// <summary>Keys of the questions the company declined; they are not asked again and defaults stand in.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Set when the conversation reviews an existing plan after a period; its proposal is then that plan with the
    /// review's accepted proposals applied, and nothing is generated.</summary>
    public PlanReviewBasis? Review { get; init; }

    public const string Budget = "monthly_marketing_budget";
    public const string AverageDeal = "average_deal_size";
    public const string PlanMonths = "plan_months";

    /// <summary>The plan's length: as told, else long enough for the slowest goal, at least three months.</summary>
    [JsonIgnore]
    public int Months => Number(PlanMonths) is { } months
        ? (int)months
        : Math.Min(GenerationPolicy.MaxPeriods, Math.Max(3, Goals.Select(g => g.Goal.HorizonMonths ?? 0).DefaultIfEmpty(0).Max()));

    public decimal? Number(string key) => Numbers.FirstOrDefault(n => n.Key == key)?.Value;

    public IReadOnlyList<string> Periods()
    {
        var first = Period.Parse(FirstPeriod);
        return Enumerable.Range(0, Months).Select(k => Period.Month(first.Year + (first.Number - 1 + k) / 12, (first.Number - 1 + k) % 12 + 1).ToString()).ToList();
    }

    /// <summary>The generation request for the proposal: roles with a known count above zero, goals with a value to reach.</summary>
    public GenerationRequest ToRequest() => new()
    {
        Team = Team.Where(r => r.Count > 0).Select(r => new TeamRole { Role = r.Role, Count = r.Count!.Value, BaseSalary = r.BaseSalary }).ToList(),
        Goals = Goals.Where(g => g.Goal.To is not null).Select(g => g.Goal).ToList(),
        Economics = new Economics
        {
            MonthlyMarketingBudget = Number(Budget),
            AverageDealSize = Number(AverageDeal),
            LeadGeneratorScheme = Scheme,
            VariableShares = VariableShares,
        },
        Periods = Periods(),
        Language = Language,
        Currency = Currency,
        Adjustments = Adjustments,
    };
}

/// <summary>Where a fact came from: the message's index and the words in it.</summary>
public sealed record SourceSpan(int Message, int Start, int Length, string Text)
{
    public static SourceSpan In(int message, TextSpan span) => new(message, span.Start, span.Length, span.Text);
}

/// <summary>A role in the team; <see cref="Count"/> is null until the company says how many.</summary>
public sealed record RoleFact
{
    public required Role Role { get; init; }
    public int? Count { get; init; }
    public decimal? BaseSalary { get; init; }
    public required SourceSpan Source { get; init; }
    public SourceSpan? SalarySource { get; init; }
}

public sealed record GoalFact(Goal Goal, SourceSpan Source);

public sealed record NumberFact(string Key, decimal Value, SourceSpan Source);

/// <summary>A plan reviewed after a period by <see cref="PlanReviewer"/>'s rules, and which of its proposals the company took.</summary>
public sealed record PlanReviewBasis
{
    public required Guid PlanId { get; init; }

    /// <summary>The plan's document as it was reviewed.</summary>
    public required PlanDocument Plan { get; init; }

    public required PlanReview Review { get; init; }

    /// <summary>Numbers (from 1, in the order of <see cref="PlanReview.Proposals"/>) of the accepted proposals, ascending.</summary>
    public IReadOnlyList<int> Accepted { get; init; } = [];

    /// <summary>The plan with the accepted proposals applied (<see cref="PlanReviewApplier"/>): the draft an accept stores.</summary>
    public PlanDocument Revised() => PlanReviewApplier.Apply(Plan, Review, Accepted.Select(n => Review.Proposals[n - 1]));
}
