using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FunnelReport;

public sealed class Request
{
    /// <summary>The month (2026-12) or quarter (2026-Q4) whose leads are followed.</summary>
    [QueryParam]
    public string? Period { get; init; }

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
        RuleFor(r => r.Period).IsPeriod();
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

public sealed record Row(string Key, int Leads, int Mql, int Sal, int Sql, int DealsWon, decimal Revenue, decimal? Spend,
    decimal? CrLeadToMql, decimal? CrMqlToSal, decimal? CrSalToSql, decimal? CrMqlToSql, decimal? CrSqlToWon, decimal? CrLeadToWon,
    decimal? Cpl, decimal? CostPerOpportunity, decimal? Cac, decimal? Romi);

/// <summary>A target of a plan in force: per person, with how many active employees hold the role.</summary>
public sealed record Target(Guid PlanId, string PlanName, string? Role, string ComponentId, string Metric, decimal Value, int Headcount);

public sealed record Response(string Period, string GroupBy, string Currency, Row Total, IReadOnlyList<Row> Groups, IReadOnlyList<Target> Targets);
