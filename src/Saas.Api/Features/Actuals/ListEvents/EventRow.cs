using System.Text.Json;

namespace Saas.Api.Features.Actuals.ListEvents;

/// <summary>A row of <c>events</c> with its credits as jsonb text. Mapped by hand: the currency is a padded char(3) and
/// the credits and deal attributes are JSON to pass through.</summary>
internal sealed record EventRow(long Id, string Source, string ExternalId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string? LeadId, string? DealId, string? AccountId, Guid? EmployeeId, string? Channel, string? Campaign, string? Hypothesis, decimal? Amount,
    string? Currency, string? ReasonCode, string? Comment, string? Splits, string? Overlays, string? Attributes)
{
    public EventResponse ToResponse() => new(Id, Source, ExternalId, Type, OccurredAt, ReceivedAt, LeadId, DealId, AccountId, EmployeeId,
        Channel, Campaign, Hypothesis, Currency is { } code ? Engine.Common.Currency.Scaled(Amount, code.Trim()) : Amount, Currency?.Trim(), ReasonCode, Comment, Json(Splits), Json(Overlays), Json(Attributes));

    private static JsonElement? Json(string? value) => value is null ? null : JsonDocument.Parse(value).RootElement.Clone();
}
