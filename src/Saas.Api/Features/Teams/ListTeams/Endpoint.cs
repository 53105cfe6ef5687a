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
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<TeamRow>($"""
            select {TeamRow.Columns} from teams
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@department::text is null or department = @department)
            order by id
            limit @Take
            """, new { work.TenantId, page.After, department = request.Department, Take = page.Limit + 1 })).ToList();

        var items = rows.Take(page.Limit).ToList();
        var positions = await Positions.LoadAsync(work, items.Select(r => r.Id).ToList());
        await Send.OkAsync(new Page<TeamResponse>(items.Select(r => r.ToResponse(positions)).ToList(), page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
