using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Saas.Engine.Common;

namespace Saas.Api.Features.Reports;

/// <summary>The days a report covers, in the tenant's time zone, both ends included: a period's days, or any range of up to
/// <see cref="MaxDays"/> (a week, a campaign's dates, a year).</summary>
public readonly record struct ReportRange(DateOnly From, DateOnly To, Period? Period)
{
    public const int MaxDays = 366;

    public DateOnly EndExclusive => To.AddDays(1);

    /// <summary>Days a report can be about (and compared with the days before): the years 2001 to 2998.</summary>
    public static bool IsReportable(DateOnly? day) => day is { Year: > 2000 and < 2999 };

    public const string YearsMessage = "Reports cover days of the years 2001 to 2998.";

    public static ReportRange Of(Period period) => new(period.Start, period.EndExclusive.AddDays(-1), period);

    /// <summary>The period before, or as many days just before these.</summary>
    public ReportRange Before => Period is { } period ? Of(period.Previous) : new(From.AddDays(-(To.DayNumber - From.DayNumber + 1)), From.AddDays(-1), null);
}

/// <summary><c>?period=</c> or <c>?from=&amp;to=</c> of a report. A report's request derives from it and its validator includes
/// <see cref="ReportRangeValidator"/>.</summary>
public class ReportRangeRequest
{
    /// <summary>The month (2026-12) or quarter (2026-Q4) whose new leads are counted; or give <c>from</c> and <c>to</c>.</summary>
    [QueryParam]
    public string? Period { get; init; }

    /// <summary>The first day whose new leads are counted (2026-11-23, the tenant's time zone), with <c>to</c>, instead of <c>period</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>The last day counted, included; at most 366 days after <c>from</c>.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>The days asked for (derived, so neither bound nor documented).</summary>
    [JsonIgnore]
    public ReportRange Range => Period is { } period ? ReportRange.Of(Engine.Common.Period.Parse(period)) : new ReportRange(From!.Value, To!.Value, null);
}

public sealed class ReportRangeValidator : AbstractValidator<ReportRangeRequest>
{
    public ReportRangeValidator()
    {
        RuleFor(r => r.Period).IsPeriod().When(r => r.From is null && r.To is null);
        RuleFor(r => r.Period).Null().WithMessage("Give either 'period' or 'from' and 'to', not both.").WithErrorCode("OneRange")
            .When(r => r.From is not null || r.To is not null);
        RuleFor(r => r.From).Must(ReportRange.IsReportable).WithMessage(ReportRange.YearsMessage).WithErrorCode("Years").When(r => r.From is not null);
        RuleFor(r => r.To).Must(ReportRange.IsReportable).WithMessage(ReportRange.YearsMessage).WithErrorCode("Years").When(r => r.To is not null);
        RuleFor(r => r.Period).Must(p => ReportRange.IsReportable(Engine.Common.Period.Parse(p!).Start)).WithMessage(ReportRange.YearsMessage)
            .WithErrorCode("Years").When(r => Engine.Common.Period.TryParse(r.Period, out _));
        RuleFor(r => r.From).NotNull().WithMessage("'from' goes with 'to': the first day of the range.").When(r => r.To is not null && r.Period is null);
        RuleFor(r => r.To).NotNull().WithMessage("'to' goes with 'from': the last day of the range, included.").When(r => r.From is not null && r.Period is null);
        RuleFor(r => r.To).Must((r, to) => to >= r.From).WithMessage("'to' cannot come before 'from'.").WithErrorCode("Order")
            .When(r => r is { From: not null, To: not null });
        RuleFor(r => r.To).Must((r, to) => to!.Value.DayNumber - r.From!.Value.DayNumber < ReportRange.MaxDays)
            .WithMessage($"A range covers at most {ReportRange.MaxDays} days.").WithErrorCode("MaxDays")
            .When(r => r is { From: not null, To: not null } && r.To >= r.From);
    }
}
