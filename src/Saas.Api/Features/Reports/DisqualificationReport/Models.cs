using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.DisqualificationReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>).</summary>
public sealed class Request : ReportRangeRequest
{
    /// <summary>reason (the default), campaign, hypothesis or channel.</summary>
    [QueryParam]
    [DocumentedValues("reason", "campaign", "hypothesis", "channel")]
    public string? GroupBy { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public static readonly string[] Groupings = ["reason", "campaign", "hypothesis", "channel"];

    public Validator()
    {
        Include(new ReportRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

/// <summary><c>period</c> is null for a range of days; <c>from</c> and <c>to</c> are the days counted, both included.</summary>
public sealed record Response(string? Period, string GroupBy, int MinutesPerLead, decimal WorkingHoursPerMonth, Totals Totals, IReadOnlyList<Group> Groups,
    DateOnly From, DateOnly To);

public sealed record Totals(int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal HourlyCost, decimal Cost, decimal ShareOfHandlersTime,
    int Handlers, string Currency);

public sealed record Group(string Key, string? Name, int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal Cost);
