using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FirstResponseReport;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>).</summary>
public sealed class Request : ReportRangeRequest
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
        Include(new ReportRangeValidator());
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

/// <summary><c>period</c> is null for a range of days; <c>from</c> and <c>to</c> are the days counted, both included.</summary>
public sealed record Response(string? Period, string GroupBy, int SlaMinutes, Group Total, IReadOnlyList<Group> Groups, string SlaFrom, DateOnly From, DateOnly To);

public sealed record Group(string Key, int Leads, int Answered, int InTime, int Late, int Waiting, decimal? Compliance, decimal? MedianMinutes,
    decimal? P90Minutes);
