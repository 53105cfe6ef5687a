using Saas.Engine.Common;
using Saas.Engine.Sla;

namespace Saas.Engine.Progress;

/// <summary>How far into a period its working time has run: <see cref="Elapsed"/> is the share of the period's working time
/// (in the tenant's calendar, holidays excluded) that has passed, the basis of every projection. A calendar without working
/// time in the period falls back to calendar time.</summary>
public sealed record PeriodPace(decimal Elapsed, int WorkingDaysElapsed, int WorkingDays)
{
    public static PeriodPace Of(Period period, WorkingCalendar calendar, DateTimeOffset now)
    {
        var start = calendar.StartOf(period.Start);
        var end = calendar.StartOf(period.EndExclusive);
        var at = now < start ? start : now > end ? end : now;
        var total = calendar.WorkingTimeBetween(start, end);
        var elapsed = total > TimeSpan.Zero
            ? (decimal)calendar.WorkingTimeBetween(start, at).Ticks / total.Ticks
            : (decimal)(at - start).Ticks / (end - start).Ticks;

        var (days, daysElapsed) = (0, 0);
        for (var day = period.Start; day < period.EndExclusive; day = day.AddDays(1))
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
