using Saas.Engine.Sla;

namespace Saas.Api.Features.Sla;

/// <summary>The SQL that reads what a lead's first-response clock needs (<see cref="LeadClockFacts"/>), in one place for
/// the SLA reports, the statements' SLA gate metrics and the live breach worker. It follows a CTE named
/// <c>created</c> with columns <c>lead_id, created_at, owner</c> and reads <c>@TenantId</c>; the select then joins
/// <see cref="Joins"/> and lists <see cref="Columns"/>, which Dapper maps by name.</summary>
public static class LeadClockSql
{
    /// <summary>The CTEs after <c>created</c> (each starting with a comma). The last assignment before the first
    /// response is only read when the tenant's clock starts at assignment.</summary>
    public static string Ctes(SlaClockStart start) => $"""
        , first_assigned as (
            select distinct on (a.lead_id) a.lead_id, a.employee_id from events a join created c on c.lead_id = a.lead_id
            where a.tenant_id = @TenantId and a.type = 'lead.assigned' and a.employee_id is not null
            order by a.lead_id, a.occurred_at, a.id),
        responded as (
            select r.lead_id, min(r.occurred_at) as first_response_at from events r join created c on c.lead_id = r.lead_id
            where r.tenant_id = @TenantId and r.type = 'lead.first_response' group by r.lead_id),
        last_assigned as ({(start == SlaClockStart.LeadAssigned ? LastAssignment : "select null::text as lead_id, null::timestamptz as assigned_at, null::uuid as employee_id where false")})
        """;

    private const string LastAssignment = """
        select distinct on (a.lead_id) a.lead_id, a.occurred_at as assigned_at, a.employee_id
            from events a join created c on c.lead_id = a.lead_id left join responded r on r.lead_id = a.lead_id
            where a.tenant_id = @TenantId and a.type = 'lead.assigned' and a.employee_id is not null
              and (r.first_response_at is null or a.occurred_at <= r.first_response_at)
            order by a.lead_id, a.occurred_at desc, a.id desc
        """;

    public const string Joins = """
        left join first_assigned fa on fa.lead_id = c.lead_id
        left join responded r on r.lead_id = c.lead_id
        left join last_assigned la on la.lead_id = c.lead_id
        """;

    public const string Columns = """
        c.created_at as created, c.owner, fa.employee_id as first_assignee, la.assigned_at as last_assigned_at, la.employee_id as last_assignee,
        r.first_response_at as first_response
        """;
}
