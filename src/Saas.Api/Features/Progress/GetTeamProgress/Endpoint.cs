using FastEndpoints;
using Marten;
using Saas.Api.Features.Employees;
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
            work => work.Documents.LoadAsync<Team>(id, cancellationToken),
            async (work, team) => await work.Documents.Query<Employee>().Where(e => e.TeamId == team.Id && e.Status == Employee.Active)
                .ToListAsync(cancellationToken), cancellationToken);
        if ((invalid ?? (team is null ? Problems.NotFound("team", id) : null)) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        // The snapshot holds everyone employed in the period, as of its reading: the team's members are among them.
        var snapshot = await snapshots.GetAsync(tenantId, period, cancellationToken);
        // Members' own figures are read again only for those whose events came after the snapshot's reading: for 200 members every
        // lead of theirs is thousands, most of a second of PostgreSQL at the largest tenants (ADR 0023). When those cannot be told
        // cheaply, the whole team is read at most once every few seconds, and shared.
        var members = snapshot.Preparation.Employees.Where(e => e.TeamId == id).OrderBy(e => e.FullName, StringComparer.Ordinal).ThenBy(e => e.Id).ToList();
        snapshot = await snapshots.WithOwnFiguresAsync(db, snapshot, members.Select(e => e.Id).ToList(), onlyTouched: true, cancellationToken);
        await Send.OkAsync(new TeamProgressResponse(team!.Id, team.Name, period.ToString(), snapshot.OwnAsOf, snapshot.AsOf, true,
            members.Select(e => ProgressReport.For(snapshot, e)).ToList()), cancellationToken);
    }
}
