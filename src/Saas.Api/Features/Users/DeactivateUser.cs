using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Identity;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

/// <summary>Deactivates a user (the row and its history stay): their sessions are revoked, so their tokens stop
/// working at once, and they can no longer sign in.</summary>
public static class DeactivateUser
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await AdminGuard.LockAdminsAsync(work);
        var updated = await work.ExecuteAsync("""
            update users set status = 'deactivated', activation_token_hash = null, activation_expires_at = null,
                version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id });
        if (updated == 0)
            return Problems.NotFound("user", id);
        if (!await AdminGuard.StillHasAnActiveAdminAsync(work))
            return Problems.Conflict("The tenant must keep at least one active admin.");
        await work.ExecuteAsync("""
            update sessions set revoked_at = now(), revoked_reason = 'user deactivated'
            where tenant_id = @TenantId and user_id = @id and revoked_at is null
            """, new { work.TenantId, id });
        await work.CommitAsync();
        return TypedResults.NoContent();
    }
}

/// <summary>A new activation token for a user who has not activated yet (the old one stops working).</summary>
public static class ReissueActivation
{
    public sealed record Response(Guid Id, string ActivationToken, DateTimeOffset ActivationExpiresAt);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(Guid id, TenantDb db,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = Secrets.NewTenantToken(ActivationTokens.Prefix, db.TenantId);
        var expiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        await using var work = await db.BeginAsync(cancellationToken);
        var status = await work.ExecuteScalarAsync<string?>("select status from users where tenant_id = @TenantId and id = @id for update",
            new { work.TenantId, id });
        if (status is null)
            return Problems.NotFound("user", id);
        if (status != "invited")
            return Problems.Conflict("Only a user who has not activated yet gets a new activation token.");
        await work.ExecuteAsync("""
            update users set activation_token_hash = @hash, activation_expires_at = @expiresAt, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id, hash = Secrets.Hash(token), expiresAt });
        await work.CommitAsync();
        return TypedResults.Ok(new Response(id, token, expiresAt));
    }
}
