using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.GetUser;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<UserResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<UsersGroup>();
        Description(route => route.WithName("GetUser"));
        Summary(summary => summary.Summary = "Get a user");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var row = await db.QuerySingleOrDefaultAsync<UserRow>($"select {UserRow.Columns} from users where tenant_id = @TenantId and id = @id",
            new { db.TenantId, id }, cancellationToken);
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("user", id));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(row.ToResponse(), cancellationToken);
    }
}
