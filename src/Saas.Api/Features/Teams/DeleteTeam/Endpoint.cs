using FastEndpoints;
using Marten;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.DeleteTeam;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<TeamsGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("DeleteTeam")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Delete a team");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        await Team.LockTenantsTeamsAsync(work);
        var team = await work.Documents.LoadAsync<Team>(id, cancellationToken);
        if (team is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", id));
            return;
        }
        if (IfMatchVersion.Stale(HttpContext, team.Version) is { } stale)
        {
            await Send.ResultAsync(stale);
            return;
        }
        // As the foreign key from employees had it: a team that anyone belongs to, or belonged to, stays.
        if (await work.Documents.Query<Employee>().AnyAsync(e => e.TeamId == id, cancellationToken))
        {
            await Send.ResultAsync(Problems.Conflict("The team still has employees, current or former; move them to another team first."));
            return;
        }
        work.Documents.Delete(team);
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
