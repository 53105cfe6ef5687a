using FastEndpoints;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Progress.GetTeamProgress;

/// <summary>The progress of every member of a team employed in the period, for managers and admins, from one snapshot.</summary>
public sealed class Endpoint(TenantDb db, ProgressSnapshots snapshots) : Endpoint<ProgressRequest, TeamProgressResponse>
{
    public override void Configure()
    {
        Get("teams/{id:guid}/progress");
        Policies(Infrastructure.Auth.Policies.TenantManager);
        Description(route => route.WithName("GetTeamProgress").WithTags("Progress").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "A team's progress in a period: each member's provisional earnings, projection and next paying step";
            summary.ResponseExamples[StatusCodes.Status200OK] = ProgressExamples.Team;
        });
    }

    public override async Task HandleAsync(ProgressRequest request, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var (team, period, tenantId, invalid) = await request.ReadAsync(db, snapshots,
            work => work.Documents.LoadAsync<Team>(id, cancellationToken), cancellationToken);
        if ((invalid ?? (team is null ? Problems.NotFound("team", id) : null)) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        // The snapshot holds everyone employed in the period, as of its reading: the team's members are among them.
        var snapshot = await snapshots.GetAsync(tenantId, period, cancellationToken);
        // Members' own figures are not read again, as one employee's are: for 200 members they are thousands of leads, most of a
        // second of PostgreSQL at the largest tenants (ADR 0023). The team is as of the snapshot.
        var members = snapshot.Preparation.Employees.Where(e => e.TeamId == id).OrderBy(e => e.FullName, StringComparer.Ordinal).ThenBy(e => e.Id);
        await Send.OkAsync(new TeamProgressResponse(team!.Id, team.Name, period.ToString(), snapshot.AsOf, true,
            members.Select(e => ProgressReport.For(snapshot, e)).ToList()), cancellationToken);
    }
}
