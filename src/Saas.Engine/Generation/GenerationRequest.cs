using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Generation;

/// <summary>What the assistant knows when it proposes a plan: the team, the goals, whatever economics the company
/// could tell, and the months to plan. Everything the company did not tell gets a documented default that the plan
/// lists among its assumptions, so a head of sales can see which numbers are theirs and which are ours.</summary>
public sealed record GenerationRequest
{
    /// <summary>One entry per role; the generated plan has one assignment per entry.</summary>
    public required IReadOnlyList<TeamRole> Team { get; init; }

    /// <summary>Goals as the assistant parsed them; the plan works without any.</summary>
    public IReadOnlyList<Goal> Goals { get; init; } = [];

    public Economics Economics { get; init; } = new();

    /// <summary>Months (<c>2026-12</c>) in increasing order, at most <see cref="GenerationPolicy.MaxPeriods"/>.
    /// Goals ramp from the first month; a gap counts as the months it skips.</summary>
    public required IReadOnlyList<string> Periods { get; init; }

    /// <summary>The language of every rationale, assumption and warning.</summary>
    public Language Language { get; init; } = Language.Ru;

    /// <summary>ISO 4217 code of every amount in the request and in the plan.</summary>
    public required string Currency { get; init; }

    /// <summary>The plan's name; a name with the months is made up when absent.</summary>
    public string? Name { get; init; }

    /// <summary>Changes the company asked for, applied in order to the proposed KPIs of their roles.</summary>
    public IReadOnlyList<PlanAdjustment> Adjustments { get; init; } = [];

    /// <summary>Field errors for inputs the generator cannot honour; empty when <see cref="PlanGenerator.Generate"/>
    /// may be called. Paths are the request's JSON paths (<c>team[1].count</c>).</summary>
    public IReadOnlyList<ValidationError> Validate() => RequestValidator.Validate(this);
}

/// <summary>A role in the team and how many people hold it.</summary>
public sealed record TeamRole
{
    public required Role Role { get; init; }

    /// <summary>People in the role, at least 1.</summary>
    public required int Count { get; init; }

    /// <summary>Base salary per person per month; a default by role is assumed when absent
    /// (only for currencies with defaults, see <see cref="GenerationDefaults.HasMoneyDefaults"/>).</summary>
    public decimal? BaseSalary { get; init; }
}

/// <summary>How a lead generator works, after seed 001.</summary>
public enum LeadGeneratorScheme
{
    /// <summary>The company's own product: own budget, own lead and SQL targets.</summary>
    OwnProduct,

    /// <summary>A third party's product on the client's budget: salary, a low fixed amount per lead paid only while the
    /// lead costs no more than the maximum, and a share of revenue from deals that came from the leads.</summary>
    ClientBudget,

    /// <summary>A third party's product on the lead generator's own budget: a high fixed amount per lead and a high
    /// share of revenue; the lead generator carries the ad spend, so there is no salary and no cost condition.</summary>
    OwnBudget,
}

/// <summary>The company's numbers; every field is optional. Ratios are fractions (0.3 = 30 %), amounts are monthly
/// and in the request's currency.</summary>
public sealed record Economics
{
    public decimal? AverageDealSize { get; init; }
    public decimal? GrossMargin { get; init; }

    public decimal? CrLeadToMql { get; init; }

    /// <summary>MQL→SQL directly; when absent, MQL→SAL × SAL→SQL.</summary>
    public decimal? CrMqlToSql { get; init; }

    public decimal? CrMqlToSal { get; init; }
    public decimal? CrSalToSql { get; init; }
    public decimal? CrSqlToWon { get; init; }

    public decimal? MonthlyLeads { get; init; }
    public decimal? MonthlyMql { get; init; }
    public decimal? MonthlySql { get; init; }
    public decimal? MonthlyDeals { get; init; }

    /// <summary>The budget the company can spend; a funnel that needs more produces a warning.</summary>
    public decimal? MonthlyMarketingBudget { get; init; }

    /// <summary>The highest cost per lead the company accepts.</summary>
    public decimal? MaxCpl { get; init; }

    public decimal? CurrentCpl { get; init; }

    /// <summary>Used when the team has a lead generator.</summary>
    public LeadGeneratorScheme? LeadGeneratorScheme { get; init; }

    /// <summary>Target variable pay as a fraction of the base salary, per role; the default table fills the rest.</summary>
    public IReadOnlyList<RoleVariableShare> VariableShares { get; init; } = [];
}

/// <summary>Target variable pay of a role as a fraction of its base salary (0.4 = 40 %).</summary>
public sealed record RoleVariableShare
{
    public required Role Role { get; init; }
    public required decimal Share { get; init; }
}
