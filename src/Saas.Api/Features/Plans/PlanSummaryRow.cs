using System.Text.Json;

namespace Saas.Api.Features.Plans;

/// <summary>A list row: the periods are read from the document in SQL, so a page of plans is not deserialised whole.</summary>
public sealed record PlanSummaryRow(Guid Id, string Name, string Status, string Source, string Periods, DateOnly? EffectiveFrom, DateOnly? EffectiveTo,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "id, name, status, source, document->>'periods' as periods, effective_from, effective_to, version, created_at, updated_at";

    public PlanSummary ToSummary() => new(Id, Name, Status, Source, JsonSerializer.Deserialize<string[]>(Periods) ?? [], EffectiveFrom, EffectiveTo,
        Version, CreatedAt, UpdatedAt);
}
