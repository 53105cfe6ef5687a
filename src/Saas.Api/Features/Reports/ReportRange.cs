using System.Linq.Expressions;
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

/// <summary>The rules of a pair of days a report takes (<c>from</c>/<c>to</c>, <c>compareFrom</c>/<c>compareTo</c>), both ends
/// included: each within the years reports cover, each given with the other, in order, at most <see cref="ReportRange.MaxDays"/>.</summary>
public abstract class DayRangeValidator<T> : AbstractValidator<T>
{
    // what: how the messages say whose days these are ("of the range", "compared with"); pairWanted: when one day given asks
    // for the other.
    protected void DayPair(Expression<Func<T, DateOnly?>> from, Expression<Func<T, DateOnly?>> to, string fromName, string toName, string what,
        Func<T, bool> pairWanted)
    {
        var (first, last) = (from.Compile(), to.Compile());
        RuleFor(from).Must(ReportRange.IsReportable).WithMessage(ReportRange.YearsMessage).WithErrorCode("Years").When(r => first(r) is not null);
        RuleFor(to).Must(ReportRange.IsReportable).WithMessage(ReportRange.YearsMessage).WithErrorCode("Years").When(r => last(r) is not null);
        RuleFor(from).NotNull().WithMessage($"'{fromName}' goes with '{toName}': the first day {what}.").When(r => last(r) is not null && pairWanted(r));
        RuleFor(to).NotNull().WithMessage($"'{toName}' goes with '{fromName}': the last day {what}, included.").When(r => first(r) is not null && pairWanted(r));
        RuleFor(to).Must((r, day) => day >= first(r)).WithMessage($"'{toName}' cannot come before '{fromName}'.").WithErrorCode("Order")
            .When(r => first(r) is not null && last(r) is not null);
        RuleFor(to).Must((r, day) => day!.Value.DayNumber - first(r)!.Value.DayNumber < ReportRange.MaxDays)
            .WithMessage($"A range covers at most {ReportRange.MaxDays} days.").WithErrorCode("MaxDays")
            .When(r => first(r) is not null && last(r) is not null && last(r) >= first(r));
    }
}

public sealed class ReportRangeValidator : DayRangeValidator<ReportRangeRequest>
{
    public ReportRangeValidator()
    {
        RuleFor(r => r.Period).IsPeriod().When(r => r.From is null && r.To is null);
        RuleFor(r => r.Period).Null().WithMessage("Give either 'period' or 'from' and 'to', not both.").WithErrorCode("OneRange")
            .When(r => r.From is not null || r.To is not null);
        RuleFor(r => r.Period).Must(p => ReportRange.IsReportable(Engine.Common.Period.Parse(p!).Start)).WithMessage(ReportRange.YearsMessage)
            .WithErrorCode("Years").When(r => Engine.Common.Period.TryParse(r.Period, out _));
        DayPair(r => r.From, r => r.To, "from", "to", "of the range", r => r.Period is null);
    }
}
