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

    private static LeadClockFacts Lead(DateTimeOffset created, DateTimeOffset? answered, params (DateTimeOffset At, Guid Employee)[] assignments) =>
        new(created, Owner, assignments.Length == 0 ? null : assignments[0].Employee,
            assignments.Select(a => new LeadAssignment(a.At, a.Employee)).ToList(), answered);

    private static SlaClock Clock(LeadClockFacts lead, SlaClockStart start) =>
        SlaClock.Of(lead, start, Weekdays, 5) ?? throw new InvalidOperationException("The lead has no clock.");

    [Fact]
    public void From_creation_the_clock_starts_when_the_lead_is_created_and_belongs_to_its_first_assignee()
    {
        var clock = Clock(Lead(At(10, 0), At(10, 22), (At(10, 1), Anna), (At(10, 3), Boris)), SlaClockStart.LeadCreated);
        Assert.Equal((At(10, 0), Anna, At(10, 5)), (clock.Start, clock.Responsible, clock.Due));
        Assert.False(clock.InTime(At(12, 0)));
    }

    [Fact]
    public void From_assignment_a_reassignment_before_the_deadline_restarts_the_clock_for_the_new_holder()
    {
        // Anna got it at 10:01; Boris got it at 10:04, before her deadline, and answered at 10:08: in time for him.
        var clock = Clock(Lead(At(10, 0), At(10, 8), (At(10, 1), Anna), (At(10, 4), Boris)), SlaClockStart.LeadAssigned);
        Assert.Equal((At(10, 4), Boris, At(10, 9)), (clock.Start, clock.Responsible, clock.Due));
        Assert.True(clock.InTime(At(12, 0)));
    }

    [Fact]
    public void From_assignment_a_reassignment_after_the_deadline_does_not_undo_the_breach()
    {
        // Anna got it at 10:01 and let it lie past 10:06; passing it to Boris at 10:20 leaves the lead late, and hers.
        var clock = Clock(Lead(At(10, 0), At(10, 22), (At(10, 1), Anna), (At(10, 20), Boris)), SlaClockStart.LeadAssigned);
        Assert.Equal((At(10, 1), Anna, At(10, 6)), (clock.Start, clock.Responsible, clock.Due));
        Assert.False(clock.InTime(At(12, 0)));
    }

    [Fact]
    public void From_assignment_an_assignment_after_the_answer_changes_nothing()
    {
        var clock = Clock(Lead(At(10, 0), At(10, 3), (At(10, 1), Anna), (At(10, 4), Boris)), SlaClockStart.LeadAssigned);
        Assert.Equal((Anna, true), (clock.Responsible, clock.InTime(At(12, 0))));
    }

    [Fact]
    public void From_assignment_a_lead_nobody_was_given_has_no_clock_until_someone_is_or_answers_it()
    {
        Assert.Null(SlaClock.Of(Lead(At(10, 0), null), SlaClockStart.LeadAssigned, Weekdays, 5));
        var answered = Clock(Lead(At(10, 0), At(10, 2)), SlaClockStart.LeadAssigned);
        Assert.Equal((At(10, 0), Owner, true), (answered.Start, answered.Responsible, answered.InTime(At(12, 0))));
    }

    [Fact]
    public void An_assignment_stamped_before_the_creation_does_not_start_the_clock_earlier() =>
        Assert.Equal(At(10, 0), Clock(Lead(At(10, 0), null, (At(9, 58), Anna)), SlaClockStart.LeadAssigned).Start);

    [Fact]
    public void An_unanswered_lead_is_pending_until_its_deadline_and_late_from_then_on()
    {
        var clock = Clock(Lead(At(10, 0), null), SlaClockStart.LeadCreated);
        Assert.Null(clock.InTime(At(10, 4)));
        Assert.False(clock.IsBreachedAt(At(10, 4)));
        Assert.False(clock.InTime(At(10, 5)));
        Assert.True(clock.IsBreachedAt(At(10, 6)));
    }

    [Fact]
    public void An_answer_exactly_at_the_deadline_is_in_time_and_one_after_it_is_late()
    {
        var due = Clock(Lead(At(17, 58), null), SlaClockStart.LeadCreated).Due;
        // 17:58 + 5 working minutes: 2 today, 3 on Thursday morning.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 3, 0, TimeSpan.FromHours(3)), due);
        Assert.True(Clock(Lead(At(17, 58), due), SlaClockStart.LeadCreated).InTime(At(23, 0)));
        Assert.False(Clock(Lead(At(17, 58), due!.Value.AddSeconds(1)), SlaClockStart.LeadCreated).InTime(At(23, 0)));
    }
}
