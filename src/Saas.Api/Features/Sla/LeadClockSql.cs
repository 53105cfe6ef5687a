using System.Globalization;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

/// <summary>The SQL that reads what a lead's first-response clock needs (<see cref="LeadClockFacts"/>), in one place for
/// the SLA reports, the statements' SLA gate metrics and the live breach watch. <see cref="Created"/> is the first CTE;
/// <see cref="Ctes"/> follow it; the select joins <see cref="Joins"/> and lists <see cref="Columns"/>, which map by name
/// and order onto the last parameters of a row record (<see cref="ClockRow"/> or one that ends like it).</summary>
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

    /// <summary>The CTEs after <c>created</c> (starting with a comma). Every assignment is only read when the tenant's
    /// clock starts at assignment.</summary>
    public static string Ctes(SlaClockStart start) => $"""
        , first_assigned as (
            select distinct on (a.lead_id) a.lead_id, a.employee_id from events a join created c on c.lead_id = a.lead_id
            where a.tenant_id = @TenantId and a.type = 'lead.assigned' and a.employee_id is not null
            order by a.lead_id, a.occurred_at, a.id),
        responded as (
            select r.lead_id, min(r.occurred_at) as first_response_at from events r join created c on c.lead_id = r.lead_id
            where r.tenant_id = @TenantId and r.type = 'lead.first_response' group by r.lead_id),
        assignments as ({(start == SlaClockStart.LeadAssigned ? AllAssignments : "select null::text as lead_id, null::text as assignments where false")})
        """;

    // "2026-10-07T07:01:00.000000Z 5f0c…,…" in time order: Dapper maps no arrays onto records, and this stays one column.
    private const string AllAssignments = """
        select a.lead_id,
               string_agg(to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || ' ' || a.employee_id::text, ','
                          order by a.occurred_at, a.id) as assignments
            from events a join created c on c.lead_id = a.lead_id
            where a.tenant_id = @TenantId and a.type = 'lead.assigned' and a.employee_id is not null
            group by a.lead_id
        """;

    public const string Joins = """
        left join first_assigned fa on fa.lead_id = c.lead_id
        left join responded r on r.lead_id = c.lead_id
        left join assignments la on la.lead_id = c.lead_id
        """;

    public const string Columns = """
        c.created_at as created, c.owner, fa.employee_id as first_assignee, la.assignments, r.first_response_at as first_response
        """;

    public static LeadClockFacts Facts(DateTimeOffset created, Guid? owner, Guid? firstAssignee, string? assignments, DateTimeOffset? firstResponse) =>
        new(created, owner, firstAssignee, ParseAssignments(assignments), firstResponse);

    private static List<LeadAssignment> ParseAssignments(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split(',').Select(item => item.Split(' ')).Select(parts => new LeadAssignment(
                DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), Guid.Parse(parts[1]))).ToList();
}

/// <summary>A lead's clock facts as <see cref="LeadClockSql.Columns"/> reads them.</summary>
public sealed record ClockRow(DateTimeOffset Created, Guid? Owner, Guid? FirstAssignee, string? Assignments, DateTimeOffset? FirstResponse)
{
    public LeadClockFacts Facts => LeadClockSql.Facts(Created, Owner, FirstAssignee, Assignments, FirstResponse);
}
