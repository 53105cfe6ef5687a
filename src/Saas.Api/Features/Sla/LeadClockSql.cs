using System.Globalization;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

/// <summary>The SQL that reads what a lead's first-response clock needs (<see cref="LeadClockFacts"/>), in one place for
/// the SLA reports, the statements' SLA gate metrics and the live breach watch. <see cref="Created"/> is the first CTE;
/// <see cref="Ctes"/> follow it; the select joins <see cref="Joins"/> (or, for a bounded set of leads, <see cref="Probed"/>)
/// and lists <see cref="Columns"/>, which map by name and order onto a row record's parameters (<see cref="ClockRow"/> or one
/// that holds the same run). The reports aggregate each lead's events in one pass and use <see cref="Aggregates"/> there.</summary>
public static class LeadClockSql
{
    /// <summary>The leads (<c>lead_id, created_at, owner</c>): their first <c>lead.created</c>, whose owner is the first
    /// employee such an event names. <paramref name="from"/> adds tables to the FROM clause (e.g. <c>, bounds</c>) and
    /// <paramref name="condition"/> picks the leads.</summary>
    public static string Created(string from, string condition) => $"""
        created as (
            select e.lead_id, min(e.occurred_at) as created_at,
                   (array_agg(e.employee_id order by e.occurred_at, e.id) filter (where e.employee_id is not null))[1] as owner
            from events e{from}
            where e.tenant_id = @TenantId and e.type = 'lead.created' and e.lead_id is not null and {condition}
            group by e.lead_id)
        """;

    /// <summary>The clock's aggregates over a lead's events <c>e</c> (<c>first_assignee, assignments,
    /// first_response_at</c>), for a query that groups them by lead itself. Every assignment is only read when the
    /// tenant's clock starts at assignment.</summary>
    public static string Aggregates(SlaClockStart start) => $"""
        (array_agg(e.employee_id order by e.occurred_at, e.id) filter (where e.type = 'lead.assigned' and e.employee_id is not null))[1] as first_assignee,
        {(start == SlaClockStart.LeadAssigned ? AllAssignments : "null::text")} as assignments,
        min(e.occurred_at) filter (where e.type = 'lead.first_response') as first_response_at
        """;

    // "2026-10-07T07:01:00.000000Z 5f0c…,…" in time order: Dapper maps no arrays onto records, and this stays one column.
    private const string AllAssignments = """
        string_agg(to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || ' ' || e.employee_id::text, ','
                   order by e.occurred_at, e.id) filter (where e.type = 'lead.assigned' and e.employee_id is not null)
        """;

    /// <summary>The CTE after <c>created</c> (starting with a comma): the clock's facts of every lead, <c>k</c> in
    /// <see cref="Joins"/>. Materialized: with a new tenant's rows not yet in the statistics, every estimate is one row
    /// and the planner would otherwise re-aggregate the clock for each lead inside a nested loop (n³: 25–70 s for
    /// the 450 leads of a demo tenant's first month). Even materialized, those estimates make the join of <c>created</c>
    /// with <c>clock</c> a nested loop over both (minutes for 50 000 leads): run it with nested loops off
    /// (<c>UnitOfWork.StreamHashJoinedAsync</c>, as a whole month's reading does), or use <see cref="Probed"/> for a bounded set of leads.</summary>
    public static string Ctes(SlaClockStart start) => $"""
        , clock as materialized (
            select e.lead_id, {Aggregates(start)}
            from events e join created c on c.lead_id = e.lead_id
            where e.tenant_id = @TenantId and e.type in ('lead.assigned', 'lead.first_response')
            group by e.lead_id)
        """;

    public const string Joins = "left join clock k on k.lead_id = c.lead_id";

    /// <summary>Instead of <see cref="Ctes"/> and <see cref="Joins"/>, for a bounded set of leads: each lead's clock read through its
    /// index, a lateral probe. A join of <c>created</c> with <c>clock</c> that the planner chooses became, with a new tenant's rows not
    /// yet in the statistics (every estimate one row), a nested loop over both: minutes for 50 000 leads.</summary>
    public static string Probed(SlaClockStart start) => $$"""
        left join lateral (
            select {{Aggregates(start)}}
            from events e
            where e.tenant_id = @TenantId and e.lead_id = c.lead_id and e.type in ('lead.assigned', 'lead.first_response')) k on true
        """;

    /// <summary>The clock's columns, from <c>created c</c> and the aggregates as <c>k</c>.</summary>
    public const string Columns = "c.created_at as created, c.owner, k.first_assignee, k.assignments, k.first_response_at as first_response";

    public static LeadClockFacts Facts(DateTimeOffset created, Guid? owner, Guid? firstAssignee, string? assignments, DateTimeOffset? firstResponse) =>
        new(created, owner, firstAssignee, ParseAssignments(assignments), firstResponse);

    // Empty is the shared empty list: without the assignment clock, every lead's text is null.
    private static IReadOnlyList<LeadAssignment> ParseAssignments(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return [];
        return text.Split(',').Select(item => item.Split(' ')).Select(parts => new LeadAssignment(
            DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), Guid.Parse(parts[1]))).ToList();
    }
}
