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
        var query = work.Documents.Query<Team>().AsQueryable();
        if (page.After is { } after)
            query = query.Where(t => t.Id > after);
        if (request.Department is { } department)
            query = query.Where(t => t.Department == department);
        var rows = await query.OrderBy(t => t.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var teams = rows.Take(page.Limit).ToList();
        var filled = await Positions.FilledAsync(work, teams);
        await Send.OkAsync(new Page<TeamResponse>(teams.Select(t => Positions.Response(t, filled)).ToList(), page.NextCursor(rows, t => t.Id)),
            cancellationToken);
    }
}
