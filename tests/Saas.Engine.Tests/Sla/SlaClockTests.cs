using Saas.Engine.Sla;

namespace Saas.Engine.Tests.Sla;

public class SlaClockTests
{
    private static readonly WorkingCalendar Weekdays = new(
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingInterval(day, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        [], TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));

    private static readonly Guid Owner = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Anna = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Boris = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    // Wednesday 25 November 2026, Moscow time.
    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 25, hour, minute, 0, TimeSpan.FromHours(3));

    [Fact]
    public void From_creation_the_clock_starts_when_the_lead_is_created_and_belongs_to_its_first_assignee()
    {
        var lead = new LeadClockFacts(At(10, 0), Owner, Anna, At(10, 20), Boris, At(10, 22));
        var clock = SlaClock.Of(lead, SlaClockStart.LeadCreated, Weekdays, 5);
        Assert.Equal((At(10, 0), Anna, At(10, 5)), (clock.Start, clock.Responsible, clock.Due));
        Assert.False(clock.InTime(At(12, 0)));
    }

    [Fact]
    public void From_assignment_a_reassignment_restarts_the_clock_for_the_new_holder()
    {
        // Anna got it at 10:01 and let it lie; Boris got it at 10:20 and answered at 10:22: in time for him.
        var lead = new LeadClockFacts(At(10, 0), Owner, Anna, At(10, 20), Boris, At(10, 22));
        var clock = SlaClock.Of(lead, SlaClockStart.LeadAssigned, Weekdays, 5);
        Assert.Equal((At(10, 20), Boris, At(10, 25)), (clock.Start, clock.Responsible, clock.Due));
        Assert.True(clock.InTime(At(12, 0)));
    }

    [Fact]
    public void From_assignment_a_lead_nobody_was_given_runs_from_its_creation_and_is_its_owners()
    {
        var lead = new LeadClockFacts(At(10, 0), Owner, null, null, null, null);
        var clock = SlaClock.Of(lead, SlaClockStart.LeadAssigned, Weekdays, 5);
        Assert.Equal((At(10, 0), Owner, At(10, 5)), (clock.Start, clock.Responsible, clock.Due));
    }

    [Fact]
    public void An_assignment_stamped_before_the_creation_does_not_start_the_clock_earlier()
    {
        var lead = new LeadClockFacts(At(10, 0), null, Anna, At(9, 58), Anna, null);
        Assert.Equal(At(10, 0), SlaClock.Of(lead, SlaClockStart.LeadAssigned, Weekdays, 5).Start);
    }

    [Fact]
    public void An_unanswered_lead_is_pending_until_its_deadline_and_late_from_then_on()
    {
        var clock = SlaClock.Of(new LeadClockFacts(At(10, 0), Anna, null, null, null, null), SlaClockStart.LeadCreated, Weekdays, 5);
        Assert.Null(clock.InTime(At(10, 4)));
        Assert.False(clock.IsBreachedAt(At(10, 4)));
        Assert.False(clock.InTime(At(10, 5)));
        Assert.True(clock.IsBreachedAt(At(10, 6)));
    }

    [Fact]
    public void An_answer_exactly_at_the_deadline_is_in_time_and_one_after_it_is_late()
    {
        var due = SlaClock.Of(new LeadClockFacts(At(17, 58), Anna, null, null, null, At(17, 58)), SlaClockStart.LeadCreated, Weekdays, 5).Due;
        // 17:58 + 5 working minutes: 2 today, 3 on Thursday morning.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 3, 0, TimeSpan.FromHours(3)), due);
        Assert.True(SlaClock.Of(new LeadClockFacts(At(17, 58), Anna, null, null, null, due), SlaClockStart.LeadCreated, Weekdays, 5).InTime(At(23, 0)));
        Assert.False(SlaClock.Of(new LeadClockFacts(At(17, 58), Anna, null, null, null, due!.Value.AddSeconds(1)), SlaClockStart.LeadCreated, Weekdays, 5)
            .InTime(At(23, 0)));
    }
}
