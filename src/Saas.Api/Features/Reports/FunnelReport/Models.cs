using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FunnelReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>).</summary>
public sealed class Request : ReportRangeRequest
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
        Include(new ReportRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

public sealed record Row(string Key, int Leads, int Mql, int Sal, int Sql, int DealsWon, decimal Revenue, decimal? Spend,
    decimal? CrLeadToMql, decimal? CrMqlToSal, decimal? CrSalToSql, decimal? CrMqlToSql, decimal? CrSqlToWon, decimal? CrLeadToWon,
    decimal? Cpl, decimal? CostPerOpportunity, decimal? Cac, decimal? Romi);

/// <summary>A target of a plan in force: per person, with how many active employees hold the role.</summary>
public sealed record Target(Guid PlanId, string PlanName, string? Role, string ComponentId, string Metric, decimal Value, int Headcount);

/// <summary><c>period</c> is null for a range of days, and then there are no <c>targets</c> (plans set them per period); <c>from</c>
/// and <c>to</c> are the days counted, both included.</summary>
public sealed record Response(string? Period, string GroupBy, string Currency, Row Total, IReadOnlyList<Row> Groups, IReadOnlyList<Target> Targets,
    DateOnly From, DateOnly To);
