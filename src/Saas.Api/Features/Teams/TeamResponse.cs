using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Assistant;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams;

/// <summary>A team. <see cref="Understood"/> is set only in the answer to a team created from a description: what
/// the assistant read, including the fragments it did not understand, so that the frontend can ask about them.</summary>
public sealed record TeamResponse(Guid Id, string Name, [property: DocumentedValues(typeof(Department))] string Department, IReadOnlyList<PositionResponse> Positions, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, TeamAndGoals? Understood = null);

/// <summary>Planned headcount of a role, and how many active employees of the team hold it.</summary>
public sealed record PositionResponse([property: DocumentedValues(typeof(Role))] string Role, int Headcount, int Filled);
