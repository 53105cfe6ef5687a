using Mapster;

namespace Saas.Api.Features.Teams;

/// <summary>A team row as the API answers it; the positions (and, for a team made from words, what was understood) are
/// read separately and added by <see cref="TeamRow.ToResponse"/>.</summary>
public sealed class TeamsMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<TeamRow, TeamResponse>()
            .Ignore(team => team.Positions, team => team.Understood!);
}
