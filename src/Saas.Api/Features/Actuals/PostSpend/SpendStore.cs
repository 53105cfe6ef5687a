using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals.PostSpend;

/// <summary>Spend entries checked and upserted, from a JSON batch or a CSV file's chunk.</summary>
public static class SpendStore
{
    /// <summary>Checks a chunk of entries, adds the invalid ones to <paramref name="rejected"/> and upserts the rest.</summary>
    public static async Task<int> StoreAsync(UnitOfWork work, IReadOnlyList<(int Index, SpendInput Entry)> chunk, List<RejectedItem> rejected)
    {
        var valid = new List<SpendInput>();
        foreach (var (index, entry) in chunk)
        {
            var errors = Check(entry);
            if (errors.Count > 0)
                rejected.Add(new RejectedItem(index, errors));
            else
                valid.Add(entry);
        }
        // The last entry for a day, channel and campaign wins within a request too.
        var rows = valid.GroupBy(e => (e.Date!.Value, e.Channel!, e.Campaign ?? "")).Select(g => g.Last()).ToList();
        return rows.Count == 0 ? 0 : await work.ExecuteAsync("""
            insert into spend (tenant_id, date, channel, campaign, amount, currency)
            select @TenantId, date, channel, campaign, amount, currency
            from unnest(@dates::date[], @channels, @campaigns, @amounts::numeric[], @currencies) as s (date, channel, campaign, amount, currency)
            on conflict (tenant_id, date, channel, campaign) do update
                set amount = excluded.amount, currency = excluded.currency, updated_at = now()
            """, new
        {
            work.TenantId,
            dates = rows.Select(r => r.Date!.Value).ToArray(),
            channels = rows.Select(r => r.Channel!).ToArray(),
            campaigns = rows.Select(r => r.Campaign ?? "").ToArray(),
            amounts = rows.Select(r => r.Amount!.Value).ToArray(),
            currencies = rows.Select(r => r.Currency!).ToArray(),
        });
    }

    public static Dictionary<string, string[]> Check(SpendInput entry)
    {
        var errors = new Dictionary<string, string[]>();
        if (entry.Date is not { } date || date.Year < 2000 || date > DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1))
            errors["date"] = ["'date' is required: the day the money was spent (not in the future)."];
        if (string.IsNullOrEmpty(entry.Channel) || entry.Channel.Length > EventRules.MaxText)
            errors["channel"] = [$"'channel' is required, 1 to {EventRules.MaxText} characters."];
        if (entry.Campaign is { Length: > EventRules.MaxText })
            errors["campaign"] = [$"'campaign' is at most {EventRules.MaxText} characters."];
        if (entry.Amount is not { } amount || amount < 0 || amount >= 1_000_000_000_000_000m || Math.Round(amount, 4) != amount)
            errors["amount"] = ["'amount' is required: zero or positive, below 10^15, with at most 4 decimals."];
        if (!Saas.Engine.Common.Currency.IsKnown(entry.Currency))
            errors["currency"] = ["'currency' is required: an ISO 4217 code such as RUB, USD or EUR."];
        return errors;
    }
}
