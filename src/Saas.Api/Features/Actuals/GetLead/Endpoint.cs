using System.Data.Common;
using FastEndpoints;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Attribution;
using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Actuals.GetLead;

/// <summary><c>GET /actuals/leads/{leadId}</c>: one lead as the product understands it from its events, whatever order
/// they came in: its source by the tenant's attribution model (touches up to the lead's creation), who owns it, the
/// stages it reached, and its deals with the version in force and who each credits.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<Response>
{
    private sealed record Row(long Id, string Type, DateTimeOffset At, string? DealId, Guid? EmployeeId, string? Channel, string? Campaign,
        string? Hypothesis, decimal? Amount, string? Currency, string? ReasonCode, string? Splits, string? Overlays)
    {
        public const string OfLead = """
            select id, type, occurred_at, deal_id, employee_id, channel, campaign, hypothesis, amount, currency, reason_code,
                   splits::text, overlays::text
            from events where tenant_id = ? and lead_id = ?
            """;

        public static Row Read(DbDataReader row) => new(row.GetInt64(0), row.GetString(1), row.GetFieldValue<DateTimeOffset>(2), row.TextOrNull(3),
            row.ValueOrNull<Guid>(4), row.TextOrNull(5), row.TextOrNull(6), row.TextOrNull(7), row.ValueOrNull<decimal>(8), row.TextOrNull(9),
            row.TextOrNull(10), row.TextOrNull(11), row.TextOrNull(12));
    }

    // Refunds may name the deal without the lead, so they are looked up by the deals the lead's events name.
    private const string RefundedDealsOfLead = """
        select distinct deal_id from events
        where tenant_id = ? and type = 'deal.refunded'
          and deal_id in (select deal_id from events where tenant_id = ? and lead_id = ? and deal_id is not null)
        """;

    public override void Configure()
    {
        Get("leads/{leadId}");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsRead);
        Description(route => route.WithName("GetLead"));
        Summary(summary => summary.Summary = "Get a lead: attributed source, owner, stages and deal credits");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var leadId = Route<string>("leadId")!;
        await using var batch = db.Batch();
        var events = batch.Rows(Row.OfLead, Row.Read, batch.TenantId, leadId);
        var refundedDeals = batch.Rows(RefundedDealsOfLead, row => row.GetString(0), batch.TenantId, batch.TenantId, leadId);
        var settingsDocument = batch.Load<TenantSettingsDocument>(batch.TenantId);
        await batch.ExecuteAsync(cancellationToken);
        var rows = await events;
        if (rows.Count == 0)
        {
            await Send.ResultAsync(Problems.NotFound("lead", leadId));
            return;
        }
        var settings = (await settingsDocument ?? throw TenantSettingsDocument.Missing(db.TenantId)).Settings;
        var refunded = (await refundedDeals).ToHashSet();

        var created = rows.Where(r => r.Type == EventTypes.LeadCreated).OrderBy(r => r.At).ThenBy(r => r.Id).FirstOrDefault();
        var touches = rows.Where(r => r.Channel is not null && (r.Type is EventTypes.LeadCreated or EventTypes.LeadTouch))
            .Select(r => new Touch(r.At, r.Id, r.Channel!, r.Campaign, r.Hypothesis)).ToList();
        var byModel = Enum.GetValues<AttributionModel>().ToDictionary(
            model => WireNames.ToWire(model.ToString()),
            model => LeadAttribution.Credit(touches, model, created?.At) is { } touch
                ? new Source(WireNames.ToWire(model.ToString()), touch.Channel, touch.Campaign, touch.Hypothesis, touch.OccurredAt)
                : null);

        var owner = created?.EmployeeId;
        var deals = rows.Where(r => r.Type == EventTypes.DealWon && r.DealId is not null).GroupBy(r => r.DealId!)
            .Select(g =>
            {
                var current = DealCredits.Current(g.Select(r =>
                    StoredDeals.Version(r.DealId!, r.At, r.Id, r.Amount ?? 0m, r.Currency ?? "", r.EmployeeId, r.Splits, r.Overlays)));
                var credits = DealCredits.For(current, owner)
                    .Select(c => new Credit(c.EmployeeId, WireNames.ToWire(c.Role.ToString()), c.Share, c.Overlay)).ToList();
                return new Deal(current.DealId, Currency.Scaled(current.Amount, current.Currency.Trim()), current.Currency, current.OccurredAt, g.Count(), refunded.Contains(current.DealId), credits);
            })
            .OrderBy(d => d.WonAt).ToList();

        var stages = EventTypes.All.Where(type => rows.Any(r => r.Type == type)).ToList();
        var reason = rows.Where(r => r.Type == EventTypes.LeadDisqualified).OrderBy(r => r.At).ThenBy(r => r.Id).LastOrDefault()?.ReasonCode;
        await Send.OkAsync(new Response(leadId, byModel[settings.AttributionModel], byModel, owner, stages, reason, deals, rows.Count), cancellationToken);
    }
}
