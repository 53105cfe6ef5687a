using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Actuals.ListEvents;

/// <summary><c>GET /actuals/events</c>: what was ingested, in the order it was stored, filtered by period (in the
/// tenant's time zone), type, employee, lead or deal.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<EventResponse>>
{
    public override void Configure()
    {
        Get("events");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsRead);
        Description(route => route.WithName("ListEvents"));
        Summary(summary => summary.Summary = "List stored events, filtered by period, type, employee and lead");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var period = request.Period is { } text ? Period.Parse(text) : (Period?)null;

        var events = await db.QueryAsync($"""
            select {EventRow.Columns}
            from events e
            where e.tenant_id = @TenantId
              and (@after::bigint is null or e.id > @after)
              and (@start::timestamp is null or e.occurred_at >= @start::timestamp at time zone (select time_zone from tenants where id = @TenantId))
              and (@end::timestamp is null or e.occurred_at < @end::timestamp at time zone (select time_zone from tenants where id = @TenantId))
              and (@type::text is null or e.type = @type)
              and (@employeeId::uuid is null or e.employee_id = @employeeId)
              and (@leadId::text is null or e.lead_id = @leadId)
              and (@dealId::text is null or e.deal_id = @dealId)
              and (@source::text is null or e.source = @source)
            order by e.id
            limit @take
            """, new
        {
            db.TenantId,
            after = page.After is { } afterId ? EventCursor.ToId(afterId) : (long?)null,
            start = period?.Start.ToDateTime(TimeOnly.MinValue),
            end = period?.EndExclusive.ToDateTime(TimeOnly.MinValue),
            type = request.Type,
            employeeId = request.EmployeeId,
            leadId = request.LeadId,
            dealId = request.DealId,
            source = request.Source,
            take = page.Limit + 1,
        }, EventRow.Read, cancellationToken);

        await Send.OkAsync(new Page<EventResponse>(events.Take(page.Limit).ToList(), page.NextCursor(events, e => EventCursor.ToGuid(e.Id))), cancellationToken);
    }
}
