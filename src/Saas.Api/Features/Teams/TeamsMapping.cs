using Mapster;

namespace Saas.Api.Features.Teams;

/// <summary>A team as the API answers it; the positions with how many fill them (and, for a team made from words, what
/// was understood) are added by <see cref="Positions.Response"/>.</summary>
public sealed class TeamsMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Team, TeamResponse>()
            .Ignore(team => team.Positions, team => team.Understood!);
}
