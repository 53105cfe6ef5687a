using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Reports;

/// <summary>The days of a report that shows change, and the days it is compared with: <c>compare=previous</c> (the period
/// before, or as many days just before <c>from</c>), or <c>compareFrom</c> and <c>compareTo</c>.</summary>
public class ComparableRangeRequest : ReportRangeRequest
{
    public const string Previous = "previous";

    /// <summary><c>previous</c>: this month against the last, this quarter against the last, a week against the week before.</summary>
    [QueryParam]
    [DocumentedValues(Previous)]
    public string? Compare { get; init; }

    /// <summary>The first day of the days compared with (the tenant's time zone), with <c>compareTo</c>, instead of <c>compare</c>.</summary>
    [QueryParam]
    public DateOnly? CompareFrom { get; init; }

    /// <summary>The last day compared with, included; at most 366 days after <c>compareFrom</c>.</summary>
    [QueryParam]
    public DateOnly? CompareTo { get; init; }

    /// <summary>The days compared with, when asked (derived, so neither bound nor documented).</summary>
    [JsonIgnore]
    public ReportRange? ComparedRange => Compare == Previous ? Range.Before
        : CompareFrom is { } from && CompareTo is { } to ? new ReportRange(from, to, null) : null;

    /// <summary>The days of the report and, when asked, those compared with.</summary>
    [JsonIgnore]
    public IReadOnlyList<ReportRange> Ranges => ComparedRange is { } compared ? [Range, compared] : [Range];

    /// <summary>This range's figure minus the compared one's; null when either is unknown.</summary>
    public static decimal? Change(decimal? now, decimal? then) => now is { } a && then is { } b ? a - b : null;
}

public sealed class ComparableRangeValidator : DayRangeValidator<ComparableRangeRequest>
{
    public ComparableRangeValidator()
    {
        Include(new ReportRangeValidator());
        RuleFor(r => r.Compare).Equal(ComparableRangeRequest.Previous).WithMessage("'compare' is 'previous'; or give 'compareFrom' and 'compareTo'.")
            .When(r => r.Compare is not null);
        RuleFor(r => r.Compare).Null().WithMessage("Give either 'compare' or 'compareFrom' and 'compareTo', not both.").WithErrorCode("OneRange")
            .When(r => r.CompareFrom is not null || r.CompareTo is not null);
        DayPair(r => r.CompareFrom, r => r.CompareTo, "compareFrom", "compareTo", "compared with", _ => true);
    }
}
