using FastEndpoints;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.UpdateTeam;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, TeamResponse>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<TeamsGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("UpdateTeam")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Change a team");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        TeamRow? row;
        try
        {
            row = await work.QuerySingleOrDefaultAsync<TeamRow>($"""
                update teams set
                    name = coalesce(@Name, name),
                    department = coalesce(@Department, department),
                    version = version + 1,
                    updated_at = now()
                where tenant_id = @TenantId and id = @Id and (@expectedVersion::int is null or version = @expectedVersion)
                returning {TeamRow.Columns}
                """, new { work.TenantId, request.Id, expectedVersion, Name = request.Name?.Trim(), request.Department });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await Send.ResultAsync(Problems.Conflict($"A team named '{request.Name!.Trim()}' already exists."));
            return;
        }
        if (row is null)
        {
            await Send.ResultAsync(await work.ExecuteScalarAsync<int?>("select version from teams where tenant_id = @TenantId and id = @Id",
                new { work.TenantId, request.Id }) is { } currentVersion
                ? Problems.PreconditionFailed(currentVersion)
                : Problems.NotFound("team", request.Id));
            return;
        }
        if (request.Positions is { } positions)
            await Positions.ReplaceAsync(work, row.Id, Positions.From(positions));
        var loaded = await Positions.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(row.ToResponse(loaded), cancellationToken);
    }
}
