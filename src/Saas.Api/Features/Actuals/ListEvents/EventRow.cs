using System.Data.Common;
using System.Text.Json;

namespace Saas.Api.Features.Actuals.ListEvents;

/// <summary>A row of <see cref="Endpoint"/>'s select as the API answers it, read by position: the currency is a padded char(3)
/// and the credits and deal attributes are JSON to pass through. Not Dapper's parser, which boxes each value and makes a row
/// object before the answer's.</summary>
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
        var currency = Text(row, 14)?.Trim();
        var amount = Value<decimal>(row, 13);
        return new EventResponse(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetFieldValue<DateTimeOffset>(4),
            row.GetFieldValue<DateTimeOffset>(5), Text(row, 6), Text(row, 7), Text(row, 8), Value<Guid>(row, 9), Text(row, 10), Text(row, 11),
            Text(row, 12), currency is null ? amount : Engine.Common.Currency.Scaled(amount, currency), currency, Text(row, 15), Text(row, 16),
            Json(row, 17), Json(row, 18), Json(row, 19));
    }

    private static T? Value<T>(DbDataReader row, int ordinal) where T : struct => row.IsDBNull(ordinal) ? null : row.GetFieldValue<T>(ordinal);

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static JsonElement? Json(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : JsonElement.Parse(row.GetString(ordinal));
}
