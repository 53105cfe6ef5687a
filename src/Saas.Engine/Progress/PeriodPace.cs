using Saas.Engine.Common;
using Saas.Engine.Sla;

namespace Saas.Engine.Progress;

/// <summary>How far into a period its working time has run: <see cref="Elapsed"/> is the share of the period's working time
/// (in the tenant's calendar, holidays excluded) that has passed, the basis of every projection. A calendar without working
/// time in the period falls back to calendar time.</summary>
public sealed record PeriodPace(decimal Elapsed, int WorkingDaysElapsed, int WorkingDays)
{
    /// <summary>The pace of <paramref name="period"/>, or of the part of it from <paramref name="from"/> to <paramref name="toExclusive"/>
    /// (an employment, a plan version): what is counted accumulates only while it runs.</summary>
    public static PeriodPace Of(Period period, WorkingCalendar calendar, DateTimeOffset now, DateOnly? from = null, DateOnly? toExclusive = null)
    {
        var (first, after) = (from ?? period.Start, toExclusive ?? period.EndExclusive);
        var start = calendar.StartOf(first);
        var end = calendar.StartOf(after);
        var at = now < start ? start : now > end ? end : now;
        var total = calendar.WorkingTimeBetween(start, end);
        var elapsed = total > TimeSpan.Zero
            ? (decimal)calendar.WorkingTimeBetween(start, at).Ticks / total.Ticks
            : end > start ? (decimal)(at - start).Ticks / (end - start).Ticks : 1m;

        var (days, daysElapsed) = (0, 0);
        for (var day = first; day < after; day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
                continue;
            days++;
            if (calendar.StartOf(day) < at)
                daysElapsed++;
        }
        return new PeriodPace(Math.Round(elapsed, 4), daysElapsed, days);
    }

    /// <summary>Nothing has elapsed yet: there is no pace to project from.</summary>
    public bool NotStarted => Elapsed <= 0;
}
