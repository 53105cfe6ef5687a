using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.GetTeam;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<TeamResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<TeamsGroup>();
        Description(route => route.WithName("GetTeam"));
        Summary(summary => summary.Summary = "Get a team");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<TeamRow>(
            $"select {TeamRow.Columns} from teams where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", id));
            return;
        }
        var positions = await Positions.LoadAsync(work, [row.Id]);

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(row.ToResponse(positions), cancellationToken);
    }
}
