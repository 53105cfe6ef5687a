using Saas.Engine.Sla;

namespace Saas.Engine.Tests.Sla;

public class WorkingCalendarTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static WorkingCalendar Weekdays(TimeZoneInfo zone, params DateOnly[] holidays) => new(
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingInterval(day, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        holidays, zone);

    private static DateTimeOffset Msk(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(3));

    [Fact]
    public void A_lead_at_23_50_on_friday_is_due_five_working_minutes_after_mondays_opening() =>
        // Friday 27 November 2026, 23:50 → Monday 30 November, 09:05.
        Assert.Equal(Msk(11, 30, 9, 5), Weekdays(Moscow).AddWorkingMinutes(Msk(11, 27, 23, 50), 5));

    [Fact]
    public void Inside_working_hours_the_clock_is_the_wall_clock() =>
        Assert.Equal(Msk(11, 25, 10, 5), Weekdays(Moscow).AddWorkingMinutes(Msk(11, 25, 10, 0), 5));

    [Fact]
    public void Minutes_left_at_closing_carry_over_to_the_next_opening() =>
        // Wednesday 17:58: 2 minutes today, 3 on Thursday from 09:00.
        Assert.Equal(Msk(11, 26, 9, 3), Weekdays(Moscow).AddWorkingMinutes(Msk(11, 25, 17, 58), 5));

    [Fact]
    public void A_holiday_is_skipped_like_a_weekend() =>
        // New Year holidays 1–8 January 2027: a lead on 31 December at 20:00 is due 11 January (Monday) 09:05.
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 9, 5, 0, TimeSpan.FromHours(3)),
            Weekdays(Moscow, Enumerable.Range(1, 8).Select(d => new DateOnly(2027, 1, d)).ToArray())
                .AddWorkingMinutes(Msk(12, 31, 20, 0), 5));

    [Fact]
    public void Working_hours_are_those_of_the_tenants_time_zone_whatever_the_offset_of_the_event()
    {
        // 06:58 UTC is 09:58 in Moscow: a lead then is due at 10:03 Moscow time, 07:03 UTC.
        var created = new DateTimeOffset(2026, 11, 25, 6, 58, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 3, 0, TimeSpan.Zero), Weekdays(Moscow).AddWorkingMinutes(created, 5));
        // The same instant in Berlin (07:58 local) is before opening: due 09:05 Berlin time, 08:05 UTC in winter.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 5, 0, TimeSpan.Zero), Weekdays(Berlin).AddWorkingMinutes(created, 5));
    }

    [Fact]
    public void Response_time_counts_only_working_time_across_nights_and_weekends()
    {
        var calendar = Weekdays(Moscow);
        // Friday 17:00 → Monday 09:30: one hour on Friday, half an hour on Monday.
        Assert.Equal(TimeSpan.FromMinutes(90), calendar.WorkingTimeBetween(Msk(11, 27, 17, 0), Msk(11, 30, 9, 30)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(Msk(11, 28, 10, 0), Msk(11, 29, 10, 0)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(Msk(11, 30, 10, 0), Msk(11, 30, 9, 0)));
    }

    [Fact]
    public void The_spring_daylight_saving_jump_is_not_working_time()
    {
        // Berlin, Sunday 29 March 2026: 02:00 local jumps to 03:00. A round-the-clock schedule on Sundays:
        // a lead at 01:58 local (00:58 UTC) is due 5 minutes of real time later, 03:03 local (01:03 UTC).
        var sundays = new WorkingCalendar([new WorkingInterval(DayOfWeek.Sunday, TimeOnly.MinValue, TimeOnly.MaxValue)], [], Berlin);
        var created = new DateTimeOffset(2026, 3, 29, 1, 58, 0, TimeSpan.FromHours(1));
        var due = sundays.AddWorkingMinutes(created, 5)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 3, 0, TimeSpan.Zero), due.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(5), sundays.WorkingTimeBetween(created, due));
    }

    [Fact]
    public void Across_the_autumn_change_a_working_day_keeps_its_wall_clock_hours()
    {
        // Berlin, Monday 26 October 2026 is the first day of winter time (UTC+1): 09:00 local is 08:00 UTC.
        var friday = new DateTimeOffset(2026, 10, 23, 17, 59, 0, TimeSpan.FromHours(2));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 4, 0, TimeSpan.Zero), Weekdays(Berlin).AddWorkingMinutes(friday, 5)!.Value.ToUniversalTime());
    }

    [Fact]
    public void A_day_worked_until_midnight_loses_no_minute_at_midnight()
    {
        // Around the clock in UTC: 00:00 to the midnight that ends the day, every day. A lead at 23:58 is due at 00:03.
        var always = new WorkingCalendar(Enum.GetValues<DayOfWeek>().Select(day => new WorkingInterval(day, TimeOnly.MinValue, TimeOnly.MinValue)), [],
            TimeZoneInfo.Utc);
        var created = new DateTimeOffset(2026, 12, 4, 23, 58, 0, TimeSpan.Zero);
        Assert.Equal(created.AddMinutes(5), always.AddWorkingMinutes(created, 5));
        Assert.Equal(TimeSpan.FromHours(48), always.WorkingTimeBetween(created, created.AddDays(2)));
    }

    [Fact]
    public void A_calendar_without_working_time_has_no_deadline() =>
        Assert.Null(new WorkingCalendar([], [], Moscow).AddWorkingMinutes(Msk(11, 25, 10, 0), 5));
}
