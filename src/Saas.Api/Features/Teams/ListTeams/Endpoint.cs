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
        ITeamPage query = request.Department is { } department
            ? new DepartmentTeamPage { After = after, Department = department, Take = page.Limit + 1 }
            : new TeamPage { After = after, Take = page.Limit + 1 };
        await using var batch = db.Batch();
        var found = batch.Query(query);
        var filledIn = query.FilledIn(batch);
        await batch.ExecuteAsync(cancellationToken);
        var rows = (await found).ToList();
        var teams = rows.Take(page.Limit).ToList();
        var filled = Positions.ByTeamAndRole(await filledIn);
        await Send.OkAsync(new Page<TeamResponse>(teams.Select(t => Positions.Response(t, filled)).ToList(), page.NextCursor(rows, t => t.Id)),
            cancellationToken);
    }
}
