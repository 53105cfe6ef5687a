using Mapster;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Teams;

/// <summary>A row of <c>teams</c> as the slices read it.</summary>
public sealed record TeamRow(Guid Id, string Name, string Department, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Columns = "id, name, department, version, created_at, updated_at";

    public TeamResponse ToResponse(IReadOnlyDictionary<Guid, List<PositionResponse>> positions, TeamAndGoals? understood = null) =>
        this.Adapt<TeamResponse>() with { Positions = positions.TryGetValue(Id, out var own) ? own : [], Understood = understood };
}
