using System.Collections.Concurrent;

namespace Saas.Engine.Sla;

/// <summary>A working interval of one weekday in the tenant's local time (09:00–18:00). <see cref="To"/> after
/// <see cref="From"/>, or <see cref="TimeOnly.MinValue"/> for the midnight that ends the day (a day worked around the
/// clock is 00:00–00:00); an interval does not cross midnight (split it in two).</summary>
public sealed record WorkingInterval(DayOfWeek Day, TimeOnly From, TimeOnly To)
{
    public bool EndsAtMidnight => To == TimeOnly.MinValue;
}

/// <summary>The tenant's working time: weekly intervals in its time zone, minus holidays. SLA clocks run only inside
/// it, so a lead created at 23:50 on a Friday is due a few working minutes after Monday's opening.</summary>
public sealed class WorkingCalendar
{
    /// <summary>How far ahead a deadline is searched: a calendar with no working time at all has no deadlines.</summary>
    public const int MaxDaysAhead = 400;

    private readonly ILookup<DayOfWeek, WorkingInterval> _intervals;
    private readonly HashSet<DateOnly> _holidays;

    // Each day's working spans as instants, worked out once: a report times a hundred thousand leads against the same
    // few weeks, and the zone's offset rules are the costly part.
    private readonly ConcurrentDictionary<DateOnly, (DateTimeOffset From, DateTimeOffset To)[]> _days = new();

    public WorkingCalendar(IEnumerable<WorkingInterval> intervals, IEnumerable<DateOnly> holidays, TimeZoneInfo zone)
    {
        var list = intervals.ToList();
        if (list.Any(i => !i.EndsAtMidnight && i.To <= i.From))
            throw new ArgumentException("A working interval ends after it starts and does not cross midnight.", nameof(intervals));
        _intervals = list.OrderBy(i => i.From).ToLookup(i => i.Day);
        _holidays = [.. holidays];
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The instant <paramref name="minutes"/> of working time after <paramref name="start"/>; null when the
    /// calendar has no working time within <see cref="MaxDaysAhead"/> days.</summary>
    public DateTimeOffset? AddWorkingMinutes(DateTimeOffset start, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        var left = TimeSpan.FromMinutes(minutes);
        foreach (var (from, to) in WorkingSpans(start, start.AddDays(MaxDaysAhead)))
        {
            var length = to - from;
            if (left <= length)
                return from + left;
            left -= length;
        }
        return null;
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        foreach (var (start, end) in WorkingSpans(from, to))
            total += end - start;
        return total;
    }

    /// <summary>The instant a local day begins (its midnight in the tenant's zone).</summary>
    public DateTimeOffset StartOf(DateOnly day) => ToInstant(day, TimeOnly.MinValue);

    /// <summary>True when the day has working time: a weekday with intervals that is not a holiday.</summary>
    public bool IsWorkingDay(DateOnly day) => SpansOf(day).Length > 0;

    /// <summary>The working spans (UTC instants) that overlap [from, until), in order, clipped to it.</summary>
    private IEnumerable<(DateTimeOffset From, DateTimeOffset To)> WorkingSpans(DateTimeOffset from, DateTimeOffset until)
    {
        if (until <= from)
            yield break;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(until, Zone).DateTime);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var (start, end) in SpansOf(day))
            {
                if (end <= from || start >= until)
                    continue;
                yield return (start < from ? from : start, end > until ? until : end);
            }
        }
    }

    private (DateTimeOffset From, DateTimeOffset To)[] SpansOf(DateOnly day) =>
        _days.GetOrAdd(day, d => _holidays.Contains(d) ? [] : [.. _intervals[d.DayOfWeek]
            .Select(i => (ToInstant(d, i.From), i.EndsAtMidnight ? ToInstant(d.AddDays(1), TimeOnly.MinValue) : ToInstant(d, i.To)))]);

    /// <summary>A local wall-clock time as an instant. A time skipped by a daylight-saving jump moves forward by the
    /// jump; an ambiguous one (the repeated hour) takes its first occurrence.</summary>
    private DateTimeOffset ToInstant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
            local = local.Add(Zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local && r.DateEnd >= local)?.DaylightDelta ?? TimeSpan.FromHours(1));
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
