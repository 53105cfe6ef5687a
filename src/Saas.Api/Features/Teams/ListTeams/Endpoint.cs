using FastEndpoints;
using Marten;
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
        await using var work = await db.BeginAsync(cancellationToken);
        var teams = work.Documents.Query<Team>().AsQueryable();
        if (page.After is { } after)
            teams = teams.Where(t => t.Id > after);
        if (request.Department is { } department)
            teams = teams.Where(t => t.Department == department);
        var rows = await teams.OrderBy(t => t.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var items = await Positions.ResponsesAsync(work, rows.Take(page.Limit).ToList());
        await Send.OkAsync(new Page<TeamResponse>(items, page.NextCursor(rows, t => t.Id)), cancellationToken);
    }
}
