using System.Text.Json;
using Saas.Engine.Attribution;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Actuals;

/// <summary>A stored <c>deal.won</c> row as the engine's <see cref="DealVersion"/>: the closer, and the split and overlay
/// credits kept as jsonb (<c>[{ "employeeId": …, "share": … }]</c>) by <see cref="EventIngestion"/>.</summary>
public static class StoredDeals
{
    private sealed record StoredCredit(Guid EmployeeId, decimal? Share);

    private static readonly JsonSerializerOptions CreditJson = new(JsonSerializerDefaults.Web);

    public static DealVersion Version(string dealId, DateTimeOffset occurredAt, long sequence, decimal amount, string currency, Guid? closedBy,
        string? splits, string? overlays) => new()
        {
            DealId = dealId,
            OccurredAt = occurredAt,
            Sequence = sequence,
            Amount = amount,
            Currency = currency.Trim(),
            ClosedBy = closedBy,
            Splits = Credits(splits).Select(c => (c.EmployeeId, c.Share ?? 1m)).ToList(),
            Overlays = Credits(overlays).Select(c => c.EmployeeId).ToList(),
        };

    /// <summary>A deal's stored <c>attributes</c> (checked when ingested), by key; null when it has none.</summary>
    public static IReadOnlyDictionary<string, AttributeValue>? Attributes(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, AttributeValue>>(json, CreditJson);

    private static List<StoredCredit> Credits(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<StoredCredit>>(json, CreditJson) ?? [];
}
