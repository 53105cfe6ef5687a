using Saas.Api.Features.Tenant;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

/// <summary>A lead's SLA clock as the reports show it (<see cref="SlaClock"/>): due after the SLA's working minutes from
/// the clock's start; in time, late, or (unanswered) late once the deadline passed and pending before it; minutes in
/// working time.</summary>
internal readonly record struct SlaTiming(DateTimeOffset Start, Guid? Responsible, DateTimeOffset? Due, decimal? Minutes, bool? InTime)
{
    public static SlaTiming Of(LeadClockFacts lead, WorkingCalendar calendar, TenantSettings settings, DateTimeOffset now)
    {
        // No clock yet (from assignment, a lead nobody was given): waiting, neither in time nor late.
        if (SlaClock.Of(lead, settings.SlaClockStart, calendar, settings.FirstResponseSlaMinutes) is not { } clock)
            return new SlaTiming(lead.Created, null, null, null, null);
        var minutes = clock.FirstResponse is { } answered ? WorkingMinutes(calendar, clock.Start, answered) : (decimal?)null;
        return new SlaTiming(clock.Start, clock.Responsible, clock.Due, minutes, clock.InTime(now));
    }

    /// <summary>How far past the deadline a late lead was answered, or is by now; only for the leads shown, since for a
    /// lead that waits for weeks it walks every day since its deadline.</summary>
    public decimal OverdueMinutes(WorkingCalendar calendar, DateTimeOffset? firstResponse, DateTimeOffset now) =>
        InTime == false ? WorkingMinutes(calendar, Due!.Value, firstResponse ?? now) : 0m;

    private static decimal WorkingMinutes(WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to) =>
        Math.Round((decimal)calendar.WorkingTimeBetween(from, to).TotalMinutes, 2);
}
