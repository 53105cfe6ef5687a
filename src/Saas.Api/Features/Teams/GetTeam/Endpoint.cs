using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.GetTeam;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<TeamResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<TeamsGroup>();
        Description(route => route.WithName("GetTeam"));
        Summary(summary => summary.Summary = "Get a team");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var batch = db.Batch();
        var found = batch.Load<Team>(id);
        var filledIn = Positions.FilledIn(batch, id);
        await batch.ExecuteAsync(cancellationToken);
        var team = await found;
        if (team is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", id));
            return;
        }
        var filled = Positions.ByTeamAndRole(await filledIn);

        HttpContext.Response.Headers.ETag = ETags.For(team.Version);
        await Send.OkAsync(Positions.Response(team, filled), cancellationToken);
    }
}
