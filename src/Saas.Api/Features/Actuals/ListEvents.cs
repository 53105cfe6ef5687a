using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Actuals;

/// <summary><c>GET /actuals/events</c>: what was ingested, in the order it was stored, filtered by period (in the
/// tenant's time zone), type, employee, lead or deal.</summary>
public static class ListEvents
{
    public sealed record EventResponse(long Id, string Source, string ExternalId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
        string? LeadId, string? DealId, string? AccountId, Guid? EmployeeId, string? Channel, string? Campaign, string? Hypothesis,
        decimal? Amount, string? Currency, string? ReasonCode, string? Comment, System.Text.Json.JsonElement? Splits, System.Text.Json.JsonElement? Overlays);

    private sealed record Row(long Id, string Source, string ExternalId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? LeadId,
        string? DealId, string? AccountId, Guid? EmployeeId, string? Channel, string? Campaign, string? Hypothesis, decimal? Amount, string? Currency,
        string? ReasonCode, string? Comment, string? Splits, string? Overlays)
    {
        public EventResponse ToResponse() => new(Id, Source, ExternalId, Type, OccurredAt, ReceivedAt, LeadId, DealId, AccountId, EmployeeId,
            Channel, Campaign, Hypothesis, Amount, Currency?.Trim(), ReasonCode, Comment, Json(Splits), Json(Overlays));

        private static System.Text.Json.JsonElement? Json(string? value) =>
            value is null ? null : System.Text.Json.JsonDocument.Parse(value).RootElement.Clone();
    }

    public static async Task<Results<Ok<Page<EventResponse>>, ProblemHttpResult>> Handle(
        TenantDb db, CancellationToken cancellationToken, int? limit = null, string? cursor = null, string? period = null, string? type = null,
        Guid? employeeId = null, string? leadId = null, string? dealId = null, string? source = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        Period? parsed = null;
        if (period is not null)
        {
            if (PeriodParameter.Read(period, out var value) is { } badPeriod)
                return badPeriod;
            parsed = value;
        }
        if (type is not null && !EventTypes.All.Contains(type))
            return Problems.Validation("type", "'type' must be one of " + string.Join(", ", EventTypes.All) + ".", "Must");

        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<Row>("""
            select e.id, e.source, e.external_id, e.type, e.occurred_at, e.received_at, e.lead_id, e.deal_id, e.account_id, e.employee_id,
                   e.channel, e.campaign, e.hypothesis, e.amount, e.currency, e.reason_code, e.comment, e.splits::text as splits, e.overlays::text as overlays
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
            work.TenantId,
            after = page.After is { } afterId ? EventCursor.ToId(afterId) : (long?)null,
            start = parsed?.Start.ToDateTime(TimeOnly.MinValue),
            end = parsed?.EndExclusive.ToDateTime(TimeOnly.MinValue),
            type,
            employeeId,
            leadId,
            dealId,
            source,
            take = page.Limit + 1,
        })).ToList();

        return TypedResults.Ok(new Page<EventResponse>(
            rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => EventCursor.ToGuid(r.Id))));
    }
}

/// <summary>Events have bigint ids; the shared cursor carries a Guid, which holds one losslessly.</summary>
public static class EventCursor
{
    public static Guid ToGuid(long id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[8..], id);
        return new Guid(bytes);
    }

    public static long ToId(Guid cursor)
    {
        Span<byte> bytes = stackalloc byte[16];
        cursor.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[8..]);
    }
}
