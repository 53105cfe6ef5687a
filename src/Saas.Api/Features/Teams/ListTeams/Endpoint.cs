using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.ListTeams;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<TeamResponse>>
{
    public override void Configure()
    {
        Get("");
        Group<TeamsGroup>();
        Description(route => route.WithName("ListTeams"));
        Summary(summary => summary.Summary = "List teams, filtered by department");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var after = page.After ?? Guid.Empty;
        var rows = (request.Department is { } department
            ? await db.QueryAsync(new DepartmentTeamPage { After = after, Department = department, Take = page.Limit + 1 }, cancellationToken)
            : await db.QueryAsync(new TeamPage { After = after, Take = page.Limit + 1 }, cancellationToken)).ToList();
        var teams = rows.Take(page.Limit).ToList();
        var filled = await Positions.FilledAsync(db, teams, cancellationToken);
        await Send.OkAsync(new Page<TeamResponse>(teams.Select(t => Positions.Response(t, filled)).ToList(), page.NextCursor(rows, t => t.Id)),
            cancellationToken);
    }
}
