using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.DisqualificationReport;

public sealed class Request
{
    /// <summary>The month (2026-12) or quarter (2026-Q4) whose leads are counted.</summary>
    [QueryParam]
    public string? Period { get; init; }

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
        RuleFor(r => r.Period).IsPeriod();
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

public sealed record Response(string Period, string GroupBy, int MinutesPerLead, decimal WorkingHoursPerMonth, Totals Totals, IReadOnlyList<Group> Groups);

public sealed record Totals(int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal HourlyCost, decimal Cost, decimal ShareOfHandlersTime,
    int Handlers, string Currency);

public sealed record Group(string Key, string? Name, int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal Cost);
