using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.DisqualificationReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>), optionally compared with other days.</summary>
public sealed class Request : ComparableRangeRequest
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
        Include(new ComparableRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

/// <summary><c>period</c> is null for a range of days; <c>from</c> and <c>to</c> are the days counted, both included;
/// <c>comparison</c> is there when asked for.</summary>
public sealed record Response(string? Period, string GroupBy, int MinutesPerLead, decimal WorkingHoursPerMonth, Totals Totals, IReadOnlyList<Group> Groups,
    DateOnly From, DateOnly To, Comparison? Comparison = null);

/// <summary>The same report over the days compared with, and how the totals changed since (these days' figure minus theirs).</summary>
public sealed record Comparison(string? Period, DateOnly From, DateOnly To, Totals Totals, IReadOnlyList<Group> Groups, Change Change);

/// <summary><c>share</c> is null when either days had no leads, which have no share to compare.</summary>
public sealed record Change(int Leads, int NonTargetLeads, decimal? Share, decimal Hours, decimal Cost)
{
    public static Change Between(Totals now, Totals then) => new(now.Leads - then.Leads, now.NonTargetLeads - then.NonTargetLeads,
        now.Leads == 0 || then.Leads == 0 ? null : now.Share - then.Share, now.Hours - then.Hours, now.Cost - then.Cost);
}

public sealed record Totals(int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal HourlyCost, decimal Cost, decimal ShareOfHandlersTime,
    int Handlers, string Currency);

public sealed record Group(string Key, string? Name, int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal Cost);
