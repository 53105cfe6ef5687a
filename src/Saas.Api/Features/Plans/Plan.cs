using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A plan, a Marten document (ADR 0012): its status and dates in force, and its plan document. A draft changes
/// whole; an active or retired plan is frozen, since statements were computed from it (only activating another plan
/// ends it). Every change of the document is also kept as a <see cref="PlanRevision"/>.</summary>
public sealed class Plan : IRevisioned
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Retired = "retired";

    /// <summary>Every status a plan can be in (the plans table's check constraint held the ones stored before documents to them).</summary>
    public static readonly string[] Statuses = [Draft, Active, Retired];

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Status { get; set; } = Draft;

    /// <summary>'manual' (written by hand) or 'generated' (by the assistant, with its explanation in <see cref="Generation"/>).</summary>
    public string Source { get; set; } = "manual";

    /// <summary>The plan document as <see cref="PlanJson"/> writes it (snake_case kinds and values, unknown members refused
    /// on the way back), kept as JSON so that the documents' serializer does not write it by rules of its own.</summary>
    public JsonElement Document { get; set; }

    public JsonElement? Generation { get; set; }

    /// <summary>The months the plan pays by, as in its document; kept beside it so that a list of plans reads neither the
    /// documents nor their explanations (migration 0026 wrote them for the plans stored before).</summary>
    public IReadOnlyList<string> Periods { get; set; } = [];

    /// <summary>In force from this day (null while a draft) to <see cref="EffectiveTo"/> (inclusive; null: to the end of
    /// the plan's last period).</summary>
    public DateOnly? EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load (see <see cref="Teams.Team.Version"/>).</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public PlanDocument ReadDocument() =>
        Document.Deserialize<PlanDocument>(PlanJson.Options) ?? throw new JsonException("A plan document cannot be null.");

    public void WriteDocument(PlanDocument document)
    {
        Name = document.Name.Trim();
        Periods = [.. document.Periods];
        Document = JsonSerializer.SerializeToElement(document, PlanJson.Options);
    }

    public PlanResponse ToResponse() =>
        new(Id, Name, Status, Source, EffectiveFrom, EffectiveTo, Version, CreatedAt, UpdatedAt, ActivatedAt, ReadDocument(), Generation);

    /// <summary>The plans in force on some day of the period, in one of <paramref name="statuses"/>, in the order they
    /// came into force.</summary>
    public static async Task<IReadOnlyList<Plan>> InForceAsync(UnitOfWork work, Period period, string[] statuses, CancellationToken cancellationToken)
    {
        var (start, end) = (period.Start, period.EndExclusive);
        return await work.Documents.Query<Plan>()
            .Where(p => p.Status.IsOneOf(statuses) && p.EffectiveFrom != null && p.EffectiveFrom < end && (p.EffectiveTo == null || p.EffectiveTo >= start))
            .OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Changes of one plan take turns, so that the revision a write read is the one stored when it commits.</summary>
    public static Task LockAsync(UnitOfWork work, Guid id) => work.LockAsync($"plan:{work.TenantId}:{id}");
}
