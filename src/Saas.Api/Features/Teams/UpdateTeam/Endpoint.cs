using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.UpdateTeam;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, TeamResponse>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<TeamsGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("UpdateTeam")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Change a team");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await Team.LockTenantsTeamsAsync(work);
        var team = await work.Documents.LoadAsync<Team>(request.Id, cancellationToken);
        if (team is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", request.Id));
            return;
        }
        if (IfMatchVersion.Stale(HttpContext, team.Version) is { } stale)
        {
            await Send.ResultAsync(stale);
            return;
        }
        team.Name = request.Name?.Trim() ?? team.Name;
        team.Department = request.Department ?? team.Department;
        if (request.Positions is { } positions)
            team.Positions = Positions.ToDocument(Positions.From(positions));
        team.UpdatedAt = DateTimeOffset.UtcNow;
        // The lock makes the revision read the one stored.
        work.Documents.UpdateRevision(team, team.Version + 1);
        var filled = await Positions.FilledAsync(work, [team]);
        try
        {
            await work.CommitAsync();
        }
        catch (Exception e) when (Team.IsDuplicateName(e))
        {
            await Send.ResultAsync(Problems.Conflict($"A team named '{team.Name}' already exists."));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(team.Version);
        await Send.OkAsync(Positions.Response(team, filled), cancellationToken);
    }
}
