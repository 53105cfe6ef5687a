namespace Saas.Engine.Sla;

/// <summary>Where a lead's first-response clock starts: at its creation (the default), or at its assignment to a
/// salesperson, restarting whenever it is reassigned before anyone answered.</summary>
public enum SlaClockStart
{
    LeadCreated,
    LeadAssigned,
}

/// <summary>What a lead's events say about its first-response clock. <see cref="LastAssignedAt"/> and
/// <see cref="LastAssignee"/> are the last <c>lead.assigned</c> at or before the first response (the last one at all
/// while the lead waits): the assignment whose holder had to answer.</summary>
public sealed record LeadClockFacts(
    DateTimeOffset Created,
    Guid? Owner,
    Guid? FirstAssignee,
    DateTimeOffset? LastAssignedAt,
    Guid? LastAssignee,
    DateTimeOffset? FirstResponse);

/// <summary>A lead's first-response clock: when it started, who had to answer, when the answer was due (null when the
/// calendar has no working time ahead), and whether it is answered, in time, late, or still pending.</summary>
public sealed record SlaClock(DateTimeOffset Start, Guid? Responsible, DateTimeOffset? Due, DateTimeOffset? FirstResponse)
{
    /// <summary>From creation, the lead is its first assignee's (else its owner's, the employee on
    /// <c>lead.created</c>). From assignment, the clock starts at the assignment that stood when the lead was answered
    /// (or stands now), so a reassignment restarts it for the new holder; a lead nobody was assigned runs from its
    /// creation, because it waits all the same.</summary>
    public static SlaClock Of(LeadClockFacts lead, SlaClockStart start, WorkingCalendar calendar, int slaMinutes)
    {
        var (from, responsible) = start == SlaClockStart.LeadAssigned && lead.LastAssignedAt is { } assignedAt
            ? (assignedAt > lead.Created ? assignedAt : lead.Created, lead.LastAssignee)
            : (lead.Created, lead.FirstAssignee ?? lead.Owner);
        return new SlaClock(from, responsible, calendar.AddWorkingMinutes(from, slaMinutes), lead.FirstResponse);
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
