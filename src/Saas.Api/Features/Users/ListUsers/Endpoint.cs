using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.ListUsers;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<UserResponse>>
{
    public override void Configure()
    {
        Get("");
        Group<UsersGroup>();
        Description(route => route.WithName("ListUsers"));
        Summary(summary => summary.Summary = "List users");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var rows = await db.QueryAsync<UserRow>($"""
            select {UserRow.Columns} from users
            where tenant_id = @TenantId and (@After::uuid is null or id > @After)
              and (@Role::text is null or role = @Role) and (@Status::text is null or status = @Status)
            order by id limit @Take
            """, new { db.TenantId, page.After, request.Role, request.Status, Take = page.Limit + 1 }, cancellationToken);
        await Send.OkAsync(new Page<UserResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)),
            cancellationToken);
    }
}
