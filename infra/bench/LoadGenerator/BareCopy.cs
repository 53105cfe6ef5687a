using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Saas.Bench;

/// <summary>The ceiling: one binary <c>COPY</c> of the same rows straight into <c>events</c> (same table, indexes
/// and row-level security policy as the API writes to; as a superuser, which the policy does not apply to).</summary>
public static class BareCopy
{
    public const string Columns = """
        tenant_id, source, external_id, type, occurred_at, lead_id, deal_id, account_id, employee_id, channel,
        campaign, hypothesis, amount, currency, reason_code, comment, splits, overlays
        """;

    public static async Task<double> RunAsync(NpgsqlConnection db, Guid tenantId, IReadOnlyList<Event> events)
    {
        var clock = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync($"copy events ({Columns}) from stdin (format binary)"))
        {
            foreach (var e in events)
            {
                copy.StartRow();
                copy.Write(tenantId, NpgsqlDbType.Uuid);
                copy.Write(e.Source, NpgsqlDbType.Text);
                copy.Write(e.ExternalId, NpgsqlDbType.Text);
                copy.Write(e.Type, NpgsqlDbType.Text);
                copy.Write(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                Text(copy, e.LeadId);
                Text(copy, e.DealId);
                copy.WriteNull(); // account_id
                if (e.EmployeeId is { } employee)
                    copy.Write(employee, NpgsqlDbType.Uuid);
                else
                    copy.WriteNull();
                Text(copy, e.Channel);
                Text(copy, e.Campaign);
                Text(copy, e.Hypothesis);
                if (e.Amount is { } amount)
                    copy.Write(amount, NpgsqlDbType.Numeric);
                else
                    copy.WriteNull();
                Text(copy, e.Currency);
                Text(copy, e.ReasonCode);
                Text(copy, e.Comment);
                if (e.SplitsJson is { } splits)
                    copy.Write(splits, NpgsqlDbType.Jsonb);
                else
                    copy.WriteNull();
                copy.WriteNull(); // overlays
            }
            await copy.CompleteAsync();
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
            copy.WriteNull();
        else
            copy.Write(value, NpgsqlDbType.Text);
    }
}
