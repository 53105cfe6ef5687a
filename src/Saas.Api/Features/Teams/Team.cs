using System.Text.Json.Serialization;
using JasperFx;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Teams;

/// <summary>A team and the positions it plans, a Marten document (ADR 0012). <see cref="Version"/> is Marten's numeric
/// revision, the team's <c>ETag</c>. Employees name a team by id; how many of them fill a position is counted over their documents
/// (<see cref="Positions"/>).</summary>
public sealed class Team : IRevisioned
{
    /// <summary>The unique index on the lower-cased name within a tenant (<see cref="Documents"/>).</summary>
    public const string NameIndex = "mt_doc_team_uidx_name";

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Department { get; set; }

    /// <summary>One per role; answers list them in role order.</summary>
    public List<TeamPosition> Positions { get; set; } = [];

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load; not in the JSON, where Marten would write
    /// it before assigning the new one and leave a stale copy.</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes of a tenant's teams take turns, and an employee joining a team takes the same lock shared: no
    /// foreign key stands between employees and a document, so a team is not deleted while someone joins it.</summary>
    public static Task LockTenantsTeamsAsync(UnitOfWork work) => work.LockAsync($"teams:{work.TenantId}");

    /// <inheritdoc cref="LockTenantsTeamsAsync"/>
    public static Task LockTenantsTeamsSharedAsync(UnitOfWork work) => work.LockSharedAsync($"teams:{work.TenantId}");

    /// <summary>Whether saving failed because another team of the tenant has this name, in any case.</summary>
    public static bool IsDuplicateName(Exception e) => UniqueKey.IsViolated(e, NameIndex);
}

/// <summary>Planned headcount of a role.</summary>
public sealed record TeamPosition(string Role, int Headcount);
