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
    private SpanWalk WorkingSpans(DateTimeOffset from, DateTimeOffset until) => new(this, from, until);

    // A static lambda given the calendar as its argument is one cached delegate; one that used the calendar itself was a new
    // delegate at every lookup.
    private (DateTimeOffset From, DateTimeOffset To)[] SpansOf(DateOnly day) =>
        _days.GetOrAdd(day, static (key, calendar) => calendar.WorkOutDay(key), this);

    private (DateTimeOffset From, DateTimeOffset To)[] WorkOutDay(DateOnly day) =>
        _holidays.Contains(day) ? [] : [.. _intervals[day.DayOfWeek]
            .Select(i => (ToInstant(day, i.From), i.EndsAtMidnight ? ToInstant(day.AddDays(1), TimeOnly.MinValue) : ToInstant(day, i.To)))];

    /// <summary>The walk of <see cref="WorkingSpans"/>, day by day, as a struct: a report times each of a month's leads
    /// (its deadline, and an answered one's working minutes), and an iterator was an object per timing.</summary>
    private struct SpanWalk
    {
        private readonly WorkingCalendar _calendar;
        private readonly DateTimeOffset _from;
        private readonly DateTimeOffset _until;
        private readonly DateOnly _lastDay;
        private DateOnly _day;
        private (DateTimeOffset From, DateTimeOffset To)[] _spans;
        private int _next;

        public SpanWalk(WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset until)
        {
            (_calendar, _from, _until) = (calendar, from, until);
            (_day, _lastDay, _spans) = (DateOnly.MaxValue, DateOnly.MinValue, []);
            // An empty range walks no day.
            if (until > from)
            {
                (_day, _lastDay) = (calendar.LocalDay(from), calendar.LocalDay(until));
                _spans = calendar.SpansOf(_day);
            }
        }

        public (DateTimeOffset From, DateTimeOffset To) Current { get; private set; }

        public readonly SpanWalk GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                while (_next < _spans.Length)
                {
                    var (start, end) = _spans[_next++];
                    if (end <= _from || start >= _until)
                        continue;
                    Current = (start < _from ? _from : start, end > _until ? _until : end);
                    return true;
                }
                if (_day >= _lastDay)
                    return false;
                _day = _day.AddDays(1);
                _spans = _calendar.SpansOf(_day);
                _next = 0;
            }
        }
    }

    private DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

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
