namespace Saas.Engine.Sla;

/// <summary>Where a lead's first-response clock starts: at its creation (the default), or at its assignment to a
/// salesperson, restarting when it is reassigned before the holder's deadline.</summary>
public enum SlaClockStart
{
    LeadCreated,
    LeadAssigned,
}

/// <summary>A <c>lead.assigned</c>: from when the lead was whose.</summary>
public readonly record struct LeadAssignment(DateTimeOffset At, Guid Employee);

/// <summary>What a lead's events say about its first-response clock. <see cref="Assignments"/> are in time order;
/// they are only read when the clock starts at assignment.</summary>
/// <remarks>A value, as is <see cref="SlaClock"/>: the first-response report times every lead of a month at every request, and
/// allocates nothing a lead that it can avoid (the API's <c>ClockedLead</c> says what that was worth).</remarks>
public readonly record struct LeadClockFacts(
    DateTimeOffset Created,
    Guid? Owner,
    Guid? FirstAssignee,
    IReadOnlyList<LeadAssignment> Assignments,
    DateTimeOffset? FirstResponse);

/// <summary>A lead's first-response clock: when it started, who had to answer, when the answer was due (null when the
/// calendar has no working time ahead), and whether it is answered, in time, late, or still pending.</summary>
public readonly record struct SlaClock(DateTimeOffset Start, Guid? Responsible, DateTimeOffset? Due, DateTimeOffset? FirstResponse)
{
    /// <summary>The lead's clock, or null while it has none: from assignment, a lead nobody was given and nobody
    /// answered waits for its first assignment.</summary>
    /// <remarks>From creation, the lead is its first assignee's (else its owner's, the employee on <c>lead.created</c>).
    /// From assignment, the clock starts at the first assignment; a reassignment before the holder's deadline restarts
    /// it for the new holder, while one after it changes nothing: the lead was already late, and passing it on does not
    /// undo that (so the live announcement and the reports agree). A lead answered before anyone was assigned runs
    /// from its creation.</remarks>
    public static SlaClock? Of(LeadClockFacts lead, SlaClockStart start, WorkingCalendar calendar, int slaMinutes)
    {
        if (start == SlaClockStart.LeadCreated)
            return new SlaClock(lead.Created, lead.FirstAssignee ?? lead.Owner, calendar.AddWorkingMinutes(lead.Created, slaMinutes), lead.FirstResponse);
        return FromAssignment(lead, calendar, slaMinutes);
    }

    // Apart from Of, so that its lambda's closure is not allocated for every clock that starts at creation.
    private static SlaClock? FromAssignment(LeadClockFacts lead, WorkingCalendar calendar, int slaMinutes)
    {
        var assignments = lead.Assignments.Where(a => lead.FirstResponse is not { } answered || a.At <= answered).ToList();
        if (assignments.Count == 0)
            return lead.FirstResponse is null
                ? null
                : new SlaClock(lead.Created, lead.Owner, calendar.AddWorkingMinutes(lead.Created, slaMinutes), lead.FirstResponse);

        SlaClock? clock = null;
        foreach (var assignment in assignments)
        {
            if (clock is { Due: { } due } && assignment.At >= due)
                break;
            var from = assignment.At > lead.Created ? assignment.At : lead.Created;
            clock = new SlaClock(from, assignment.Employee, calendar.AddWorkingMinutes(from, slaMinutes), lead.FirstResponse);
        }
        return clock;
    }

    /// <summary>Answered by the deadline: true; answered after it, or not answered and past it: false; otherwise
    /// (pending, or no deadline at all) null.</summary>
    public bool? InTime(DateTimeOffset now) => (FirstResponse, Due) switch
    {
        (_, null) => null,
        ({ } answered, { } due) => answered <= due,
        (null, { } due) => due <= now ? false : null,
    };

    public bool IsBreachedAt(DateTimeOffset now) => InTime(now) == false;
}
