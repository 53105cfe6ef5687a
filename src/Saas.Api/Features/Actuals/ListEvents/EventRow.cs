using System.Data.Common;
using System.Text.Json;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals.ListEvents;

/// <summary>A row of <c>events</c> read by position into the answer: the currency is a padded char(3) and the credits and deal
/// attributes are JSON to pass through. Not Dapper's parser, which boxes each value and makes a row object before the
/// answer's.</summary>
internal static class EventRow
{
    /// <summary>The columns <see cref="Read"/> takes, in its order: a column added or moved here is added or moved there.</summary>
    public const string Columns = """
        e.id, e.source, e.external_id, e.type, e.occurred_at, e.received_at, e.lead_id, e.deal_id, e.account_id, e.employee_id,
        e.channel, e.campaign, e.hypothesis, e.amount, e.currency, e.reason_code, e.comment, e.splits::text as splits,
        e.overlays::text as overlays, e.attributes::text as attributes
        """;

    public static EventResponse Read(DbDataReader row)
    {
        var (id, source, externalId, type, occurredAt, receivedAt) = (row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetString(3),
            row.GetFieldValue<DateTimeOffset>(4), row.GetFieldValue<DateTimeOffset>(5));
        var (leadId, dealId, accountId, employeeId) = (row.TextOrNull(6), row.TextOrNull(7), row.TextOrNull(8), row.ValueOrNull<Guid>(9));
        var (channel, campaign, hypothesis) = (row.TextOrNull(10), row.TextOrNull(11), row.TextOrNull(12));
        var (amount, currency) = (row.ValueOrNull<decimal>(13), row.TextOrNull(14)?.Trim());
        return new EventResponse(id, source, externalId, type, occurredAt, receivedAt, leadId, dealId, accountId, employeeId, channel, campaign,
            hypothesis, currency is null ? amount : Engine.Common.Currency.Scaled(amount, currency), currency, row.TextOrNull(15), row.TextOrNull(16),
            Json(row, 17), Json(row, 18), Json(row, 19));
    }

    private static JsonElement? Json(DbDataReader row, int ordinal) => row.TextOrNull(ordinal) is { } json ? JsonElement.Parse(json) : null;
}
