using FastEndpoints;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports.FirstResponseReport;

public sealed class Request
{
    /// <summary>The month (2026-12) or quarter (2026-Q4) whose new leads are counted.</summary>
    [QueryParam]
    public string? Period { get; init; }

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
        RuleFor(r => r.Period).IsPeriod();
        RuleFor(r => r.GroupBy).IsGrouping(Groupings);
    }
}

public sealed record Response(string Period, string GroupBy, int SlaMinutes, Group Total, IReadOnlyList<Group> Groups, string SlaFrom);

public sealed record Group(string Key, int Leads, int Answered, int InTime, int Late, int Waiting, decimal? Compliance, decimal? MedianMinutes,
    decimal? P90Minutes);
