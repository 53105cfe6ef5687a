using FastEndpoints;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams.DeleteTeam;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<TeamsGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("DeleteTeam")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Delete a team");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        int deleted;
        try
        {
            deleted = await work.ExecuteAsync("""
                delete from teams
                where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
                """, new { work.TenantId, id, expectedVersion });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            await Send.ResultAsync(Problems.Conflict("The team still has employees, current or former; move them to another team first."));
            return;
        }
        if (deleted == 0)
        {
            await Send.ResultAsync(await work.ExecuteScalarAsync<int?>("select version from teams where tenant_id = @TenantId and id = @id",
                new { work.TenantId, id }) is { } currentVersion
                ? Problems.PreconditionFailed(currentVersion)
                : Problems.NotFound("team", id));
            return;
        }
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
