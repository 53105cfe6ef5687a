using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.DeactivateUser;

/// <summary>Deactivates a user (the row and its history stay): their sign-ins are revoked, so their tokens stop
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
        // In the token service's store (OpenIddict's tables, the platform's): the user's tokens and sign-ins end with the
        // deactivation, so that reactivating the user later revives none of them. Naming the applications lets the lookup use
        // OpenIddict's (application, status, subject) indexes.
        await work.ExecuteAsync("""
            update openiddict."OpenIddictTokens" set "Status" = 'revoked'
            where "ApplicationId" in (select "Id" from openiddict."OpenIddictApplications") and "Status" = 'valid' and "Subject" = @subject;
            update openiddict."OpenIddictAuthorizations" set "Status" = 'revoked'
            where "ApplicationId" in (select "Id" from openiddict."OpenIddictApplications") and "Status" = 'valid' and "Subject" = @subject;
            """, new { subject = id.ToString() });
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
