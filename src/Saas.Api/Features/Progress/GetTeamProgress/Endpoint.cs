using FastEndpoints;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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
        Team? team;
        IReadOnlyList<Employee> members;
        Engine.Common.Period period;
        ProblemHttpResult? invalid;
        Guid tenantId;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            team = await work.Documents.LoadAsync<Team>(id, cancellationToken);
            members = team is null ? [] : await work.Documents.Query<Employee>().Where(e => e.TeamId == id).ToListAsync(cancellationToken);
            (period, invalid) = await request.PeriodAsync(work, snapshots.Clock);
            tenantId = work.TenantId;
        }
        if (invalid is not null)
        {
            await Send.ResultAsync(invalid);
            return;
        }
        if (team is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", id));
            return;
        }
        var snapshot = await snapshots.GetAsync(tenantId, period, cancellationToken);
        var (start, end) = (period.Start, period.EndExclusive);
        var employed = members.Where(e => (e.StartDate is null || e.StartDate < end) && (e.EndDate is null || e.EndDate >= start))
            .OrderBy(e => e.FullName, StringComparer.Ordinal).ThenBy(e => e.Id);
        await Send.OkAsync(new TeamProgressResponse(team.Id, team.Name, period.ToString(), snapshot.AsOf, true,
            employed.Select(e => ProgressReport.For(snapshot, e)).ToList()), cancellationToken);
    }
}
