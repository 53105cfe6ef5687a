using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reports/disqualifications", DisqualificationReport.Handle).WithName("DisqualificationReport")
            .WithSummary("Disqualified leads and what handling them cost, by reason, campaign, hypothesis or channel").WithTags("Reports")
            .RequireAuthorization(Policies.TenantManager);
        api.MapGet("/sla/first-response", FirstResponseReport.Handle).WithName("FirstResponseReport")
            .WithSummary("First-response SLA compliance, median and p90 in working time").WithTags("Reports")
            .RequireAuthorization(Policies.TenantManager);
        api.MapGet("/reports/funnel", FunnelReport.Handle).WithName("FunnelReport")
            .WithSummary("Funnel of the period's leads: stages, conversions, CPL, CAC, ROMI and plan targets").WithTags("Reports").RequireAuthorization(Policies.TenantManager);
        api.MapGet("/sla/breaches", BreachList.Handle).WithName("SlaBreaches")
            .WithSummary("Leads answered late or not yet, with the time overdue").WithTags("Reports").RequireAuthorization(Policies.TenantManager);
        return api;
    }
}

internal static class ReportQuery
{
    public static ProblemHttpResult? GroupBy(string? groupBy, string[] allowed, string fallback, out string value)
    {
        value = groupBy ?? fallback;
        return allowed.Contains(value) ? null : Problems.Validation("groupBy", $"'groupBy' must be one of {string.Join(", ", allowed)}.", "Must");
    }
}

/// <summary><c>GET /reports/disqualifications</c>: non-target leads of a period by reason, campaign, hypothesis or
/// channel (the lead's source by the tenant's attribution model), with what handling them cost sales: minutes per
/// non-target lead (tenant setting) × the hourly cost of the people who disqualified them (base salary ÷ working hours
/// a month). Seed 003: 500 leads × 15 min = 125 h; two managers at 100 000 / 160 h → 625 an hour → 78 125, 39 % of their time.</summary>
public static class DisqualificationReport
{
    public sealed record Totals(int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal HourlyCost, decimal Cost, decimal ShareOfHandlersTime,
        int Handlers, string Currency);

    public sealed record Group(string Key, string? Name, int Leads, int NonTargetLeads, decimal Share, decimal Hours, decimal Cost);

    public sealed record Response(string Period, string GroupBy, int MinutesPerLead, decimal WorkingHoursPerMonth, Totals Totals, IReadOnlyList<Group> Groups);

    private static readonly string[] Groupings = ["reason", "campaign", "hypothesis", "channel"];

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(TenantDb db, LeadFactsRefresher facts, CancellationToken cancellationToken, string? period = null,
        string? groupBy = null)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        if (ReportQuery.GroupBy(groupBy, Groupings, "reason", out var grouping) is { } badGrouping)
            return badGrouping;

        await facts.CatchUpAsync(db, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        string Key(LeadFact lead) => grouping switch
        {
            "reason" => lead.ReasonCode ?? "",
            "campaign" => lead.Campaign ?? "",
            "hypothesis" => lead.Hypothesis ?? "",
            _ => lead.Channel ?? "",
        };
        int leadCount = 0, nonTargetCount = 0;
        var handlerIds = new HashSet<Guid>();
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        await foreach (var lead in LeadFact.ReadAsync(work, parsed, tenant))
        {
            leadCount++;
            var nonTarget = lead.ReasonCode is not null;
            if (nonTarget)
            {
                nonTargetCount++;
                if ((lead.DisqualifiedBy ?? lead.EmployeeId) is { } handler)
                    handlerIds.Add(handler);
            }
            // By reason only the non-target leads have a group; by source every lead counts.
            if (nonTarget || grouping != "reason")
                (CollectionsMarshal.GetValueRefOrAddDefault(tallies, Key(lead), out _) ??= new()).Add(nonTarget);
        }
        var handlers = handlerIds.ToArray();
        var salaries = (await work.QueryAsync<decimal>(
            "select base_salary from employees where tenant_id = @TenantId and id = any(@handlers) and currency = @Currency",
            new { work.TenantId, handlers, tenant.Currency })).ToList();

        var minutes = tenant.Settings.NonTargetLeadMinutes;
        var hoursPerMonth = tenant.Settings.WorkingHoursPerMonth;
        var total = NonTargetCost.Compute(nonTargetCount, minutes, salaries, hoursPerMonth);
        var names = tenant.Settings.DisqualificationReasons.ToDictionary(r => r.Code, r => r.Name);

        var groups = tallies
            .Select(entry =>
            {
                var (key, tally) = entry;
                var hours = tally.NonTarget * (decimal)minutes / 60m;
                // By reason, the share is of all non-target leads; by source, of the source's own leads.
                var share = grouping == "reason" ? (decimal)tally.NonTarget / nonTargetCount : (decimal)tally.NonTarget / tally.Leads;
                return new Group(key, grouping == "reason" ? names.GetValueOrDefault(key) : null, grouping == "reason" ? 0 : tally.Leads, tally.NonTarget,
                    share, hours, hours * total.HourlyCost);
            })
            .OrderByDescending(g => g.NonTargetLeads).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        return TypedResults.Ok(new Response(parsed.ToString(), grouping, minutes, hoursPerMonth,
            new Totals(leadCount, nonTargetCount, leadCount == 0 ? 0m : (decimal)nonTargetCount / leadCount, total.Hours, total.HourlyCost,
                total.Cost, total.ShareOfTime, handlers.Length, tenant.Currency),
            groups));
    }

    /// <summary>A group's leads and how many of them were non-target.</summary>
    private sealed class Tally
    {
        public int Leads { get; private set; }

        public int NonTarget { get; private set; }

        public void Add(bool nonTarget)
        {
            Leads++;
            if (nonTarget)
                NonTarget++;
        }
    }
}

/// <summary><c>GET /sla/first-response</c>: how fast new leads of a period got their first response, in the tenant's
/// working time (hours, holidays, time zone), by employee (the lead's first assignee, else its owner), team or channel.</summary>
public static class FirstResponseReport
{
    public sealed record Group(string Key, int Leads, int Answered, int InTime, int Late, int Waiting, decimal? Compliance, decimal? MedianMinutes,
        decimal? P90Minutes);

    public sealed record Response(string Period, string GroupBy, int SlaMinutes, Group Total, IReadOnlyList<Group> Groups, string SlaFrom);

    private static readonly string[] Groupings = ["employee", "team", "channel"];

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(TenantDb db, LeadFactsRefresher facts, TimeProvider time, CancellationToken cancellationToken,
        string? period = null, string? groupBy = null)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        if (ReportQuery.GroupBy(groupBy, Groupings, "employee", out var grouping) is { } badGrouping)
            return badGrouping;

        await facts.CatchUpAsync(db, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var calendar = tenant.Calendar();
        var sla = tenant.Settings.FirstResponseSlaMinutes;
        var now = time.GetUtcNow();
        // Leads are grouped by who had to answer them (the clock's holder) and that person's team.
        var teams = (await work.QueryAsync<(Guid Id, Guid? TeamId)>("select id, team_id from employees where tenant_id = @TenantId", new { work.TenantId }))
            .ToDictionary(e => e.Id, e => e.TeamId);

        string Key(LeadFact lead, SlaTiming timing) => grouping switch
        {
            "employee" => timing.Responsible?.ToString() ?? "",
            "team" => timing.Responsible is { } employee && teams.GetValueOrDefault(employee) is { } team ? team.ToString() : "",
            _ => lead.Channel ?? "",
        };
        var total = new Tally();
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        await foreach (var lead in LeadFact.ReadAsync(work, parsed, tenant))
        {
            var timing = SlaTiming.Of(lead, calendar, tenant.Settings, now);
            total.Add(timing);
            (CollectionsMarshal.GetValueRefOrAddDefault(tallies, Key(lead, timing), out _) ??= new()).Add(timing);
        }
        var groups = tallies.Select(entry => entry.Value.Summarise(entry.Key)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new Response(parsed.ToString(), grouping, sla, total.Summarise(""), groups, tenant.Settings.FirstResponseSlaFrom));
    }

    /// <summary>A group's leads as they are read: counts, and the working minutes of the answered ones for the percentiles.</summary>
    private sealed class Tally
    {
        private readonly List<decimal> _minutes = [];
        private int _leads, _inTime, _late;

        public void Add(SlaTiming timing)
        {
            _leads++;
            if (timing.Minutes is { } minutes)
                _minutes.Add(minutes);
            if (timing.InTime == true)
                _inTime++;
            else if (timing.InTime == false)
                _late++;
        }

        public Group Summarise(string key)
        {
            _minutes.Sort();
            return new Group(key, _leads, _minutes.Count, _inTime, _late, _leads - _minutes.Count,
                _inTime + _late == 0 ? null : Math.Round((decimal)_inTime / (_inTime + _late), 4), Percentile(_minutes, 0.5m), Percentile(_minutes, 0.9m));
        }
    }

    /// <summary>Nearest-rank percentile of working minutes, rounded to a tenth of a minute. Equal minutes can differ in
    /// scale (15 and 15.00) and the leads arrive in no fixed order, so the tenth is always written (15.0).</summary>
    private static decimal? Percentile(List<decimal> sorted, decimal p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)], 1) + 0.0m;
}

/// <summary>A lead's SLA clock as the reports show it (<see cref="SlaClock"/>): due after the SLA's working minutes from
/// the clock's start; in time, late, or (unanswered) late once the deadline passed and pending before it; minutes in
/// working time.</summary>
internal sealed record SlaTiming(DateTimeOffset Start, Guid? Responsible, DateTimeOffset? Due, decimal? Minutes, bool? InTime)
{
    public static SlaTiming Of(LeadFact lead, WorkingCalendar calendar, TenantSettings settings, DateTimeOffset now)
    {
        // No clock yet (from assignment, a lead nobody was given): waiting, neither in time nor late.
        if (SlaClock.Of(lead.ClockFacts, settings.SlaClockStart, calendar, settings.FirstResponseSlaMinutes) is not { } clock)
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

/// <summary><c>GET /sla/breaches</c>: leads of a period answered late or still unanswered past their deadline, with how
/// far over (in working minutes), oldest first.</summary>
public static class BreachList
{
    public sealed record Breach(string LeadId, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? FirstResponseAt, decimal OverdueMinutes,
        Guid? EmployeeId, string? Channel, string? Campaign, DateTimeOffset ClockStartedAt);

    public sealed record Response(IReadOnlyList<Breach> Items, string? NextCursor);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(TenantDb db, LeadFactsRefresher facts, TimeProvider time, CancellationToken cancellationToken,
        string? period = null, int? limit = null, string? cursor = null)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        if (limit is < 1 or > PageQuery.MaxLimit)
            return Problems.Validation("limit", $"'limit' must be between 1 and {PageQuery.MaxLimit}.", "InclusiveBetween");
        var after = 0;
        if (cursor is not null && !TryDecode(cursor, out after))
            return Problems.Validation("cursor", "'cursor' is not a cursor this API returned.", "Cursor");

        await facts.CatchUpAsync(db, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var calendar = tenant.Calendar();
        var now = time.GetUtcNow();
        var breaches = new List<(LeadFact Lead, SlaTiming Timing)>();
        await foreach (var lead in LeadFact.ReadAsync(work, parsed, tenant))
        {
            var timing = SlaTiming.Of(lead, calendar, tenant.Settings, now);
            if (timing.InTime == false)
                breaches.Add((lead, timing));
        }
        // Creation then id, the cursor's order: sorted here rather than by PostgreSQL, whose sort of a month's wide rows
        // spills to disk with the default work_mem. Only the breaches are held.
        breaches.Sort((a, b) => a.Lead.Created != b.Lead.Created
            ? a.Lead.Created.CompareTo(b.Lead.Created)
            : string.CompareOrdinal(a.Lead.LeadId, b.Lead.LeadId));
        var take = limit ?? PageQuery.DefaultLimit;
        var page = breaches.Skip(after).Take(take)
            .Select(t => new Breach(t.Lead.LeadId, t.Lead.Created, t.Timing.Due, t.Lead.FirstResponse, t.Timing.OverdueMinutes(calendar, t.Lead.FirstResponse, now),
                t.Timing.Responsible, t.Lead.Channel, t.Lead.Campaign, t.Timing.Start))
            .ToList();
        return TypedResults.Ok(new Response(page, after + take < breaches.Count ? Encode(after + take) : null));
    }

    // The leads are ordered by creation and id, so a position in the list is a stable cursor for a closed period.
    private static string Encode(int position) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("b1:" + position));

    private static bool TryDecode(string cursor, out int position)
    {
        position = 0;
        if (cursor.Length > 32 || !Base64Url.IsValid(cursor))
            return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith("b1:", StringComparison.Ordinal) && int.TryParse(text[3..], out position) && position >= 0;
    }
}
