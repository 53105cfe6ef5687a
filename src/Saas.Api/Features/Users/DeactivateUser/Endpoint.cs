using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.DeactivateUser;

/// <summary>Deactivates a user (the row and its history stay): their sessions are revoked, so their tokens stop
/// working at once, and they can no longer sign in.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<UsersGroup>();
        Description(route => route.WithName("DeactivateUser").ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Deactivate a user");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        await AdminGuard.LockAdminsAsync(work);
        var updated = await work.ExecuteAsync("""
            update users set status = 'deactivated', activation_token_hash = null, activation_expires_at = null,
                version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id });
        if (updated == 0)
        {
            await Send.ResultAsync(Problems.NotFound("user", id));
            return;
        }
        if (!await AdminGuard.StillHasAnActiveAdminAsync(work))
        {
            await Send.ResultAsync(UserProblems.LastAdmin());
            return;
        }
        await work.ExecuteAsync("""
            update sessions set revoked_at = now(), revoked_reason = 'user deactivated'
            where tenant_id = @TenantId and user_id = @id and revoked_at is null
            """, new { work.TenantId, id });
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
