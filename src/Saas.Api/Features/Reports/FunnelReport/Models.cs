using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FunnelReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>), optionally compared with other days.</summary>
public sealed class Request : ComparableRangeRequest
{
    /// <summary>channel (the default), campaign, hypothesis or employee.</summary>
    [QueryParam]
    [DocumentedValues("channel", "campaign", "hypothesis", "employee")]
    public string? GroupBy { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public static readonly string[] Groupings = ["channel", "campaign", "hypothesis", "employee"];

    public Validator()
    {
        Include(new ComparableRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

public sealed record Row(string Key, int Leads, int Mql, int Sal, int Sql, int DealsWon, decimal Revenue, decimal? Spend,
    decimal? CrLeadToMql, decimal? CrMqlToSal, decimal? CrSalToSql, decimal? CrMqlToSql, decimal? CrSqlToWon, decimal? CrLeadToWon,
    decimal? Cpl, decimal? CostPerOpportunity, decimal? Cac, decimal? Romi);

/// <summary>A target of a plan in force: per person, with how many active employees hold the role.</summary>
public sealed record Target(Guid PlanId, string PlanName, string? Role, string ComponentId, string Metric, decimal Value, int Headcount);

/// <summary><c>period</c> is null for a range of days, and then there are no <c>targets</c> (plans set them per period); <c>from</c>
/// and <c>to</c> are the days counted, both included; <c>comparison</c> is there when asked for.</summary>
public sealed record Response(string? Period, string GroupBy, string Currency, Row Total, IReadOnlyList<Row> Groups, IReadOnlyList<Target> Targets,
    DateOnly From, DateOnly To, Comparison? Comparison = null);

/// <summary>The same funnel over the days compared with, and how the total changed since (these days' figure minus theirs;
/// conversions and ROMI in fractions, 0.02 = 2 points).</summary>
public sealed record Comparison(string? Period, DateOnly From, DateOnly To, Row Total, IReadOnlyList<Row> Groups, Change Change);

public sealed record Change(int Leads, int Mql, int Sql, int DealsWon, decimal Revenue, decimal? Spend, decimal? CrLeadToMql, decimal? CrMqlToSql,
    decimal? CrSqlToWon, decimal? CrLeadToWon, decimal? Cpl, decimal? Cac, decimal? Romi)
{
    public static Change Between(Row now, Row then) => new(now.Leads - then.Leads, now.Mql - then.Mql, now.Sql - then.Sql, now.DealsWon - then.DealsWon,
        now.Revenue - then.Revenue, ComparableRangeRequest.Change(now.Spend, then.Spend), ComparableRangeRequest.Change(now.CrLeadToMql, then.CrLeadToMql),
        ComparableRangeRequest.Change(now.CrMqlToSql, then.CrMqlToSql), ComparableRangeRequest.Change(now.CrSqlToWon, then.CrSqlToWon),
        ComparableRangeRequest.Change(now.CrLeadToWon, then.CrLeadToWon), ComparableRangeRequest.Change(now.Cpl, then.Cpl),
        ComparableRangeRequest.Change(now.Cac, then.Cac), ComparableRangeRequest.Change(now.Romi, then.Romi));
}
