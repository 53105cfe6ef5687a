using System.Text.Json;

namespace Saas.Api.Features.Plans;

/// <summary>A plan's document as one change left it, a Marten document (ADR 0012): written once, with the plan's version
/// it became, and kept; the application role may insert revisions and nothing else, not even with their deleted draft.</summary>
public sealed class PlanRevision
{
    /// <summary>The unique index on the plan and its version within a tenant (<see cref="Infrastructure.Database.Documents"/>).</summary>
    public const string PlanVersionIndex = "mt_doc_planrevision_uidx_plan_version";

    public Guid Id { get; set; }

    public Guid PlanId { get; set; }

    public int Version { get; set; }

    public JsonElement Document { get; set; }

    public string? ChangedBy { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
