using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FirstResponseReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>), optionally compared with other days.</summary>
public sealed class Request : ComparableRangeRequest
{
    /// <summary>employee (the default), team or channel.</summary>
    [QueryParam]
    [DocumentedValues("employee", "team", "channel")]
    public string? GroupBy { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public static readonly string[] Groupings = ["employee", "team", "channel"];

    public Validator()
    {
        Include(new ComparableRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

/// <summary><c>period</c> is null for a range of days; <c>from</c> and <c>to</c> are the days counted, both included;
/// <c>comparison</c> is there when asked for.</summary>
public sealed record Response(string? Period, string GroupBy, int SlaMinutes, Group Total, IReadOnlyList<Group> Groups, string SlaFrom, DateOnly From, DateOnly To,
    Comparison? Comparison = null);

/// <summary>The same report over the days compared with, and how the total changed since (these days' figure minus theirs;
/// compliance in fractions, 0.05 = 5 points).</summary>
public sealed record Comparison(string? Period, DateOnly From, DateOnly To, Group Total, IReadOnlyList<Group> Groups, Change Change);

public sealed record Change(int Leads, decimal? Compliance, decimal? MedianMinutes, decimal? P90Minutes)
{
    public static Change Between(Group now, Group then) => new(now.Leads - then.Leads, ComparableRangeRequest.Change(now.Compliance, then.Compliance),
        ComparableRangeRequest.Change(now.MedianMinutes, then.MedianMinutes), ComparableRangeRequest.Change(now.P90Minutes, then.P90Minutes));
}

public sealed record Group(string Key, int Leads, int Answered, int InTime, int Late, int Waiting, decimal? Compliance, decimal? MedianMinutes,
    decimal? P90Minutes);
