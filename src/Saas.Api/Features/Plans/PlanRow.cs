using System.Text.Json;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A row of <c>plans</c> as the slices read it.</summary>
public sealed record PlanRow(Guid Id, string Name, string Status, string Source, string Document, string? Generation,
    DateOnly? EffectiveFrom, DateOnly? EffectiveTo, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ActivatedAt)
{
    public const string Columns =
        "id, name, status, source, document::text as document, generation::text as generation, effective_from, effective_to, version, created_at, updated_at, activated_at";

    public PlanDocument ReadDocument() => PlanJson.Deserialize(Document);

    // The document and the explanation are stored as JSON and parsed on the way out, so the mapping stays by hand.
    public PlanResponse ToResponse() => new(Id, Name, Status, Source, EffectiveFrom, EffectiveTo, Version, CreatedAt, UpdatedAt, ActivatedAt, ReadDocument(),
        Generation is null ? null : JsonDocument.Parse(Generation).RootElement.Clone());
}
