using FastEndpoints;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Identity.Activate;

/// <summary><c>POST /api/v1/auth/activate</c>: an invited user sets a password once with the one-time token from the
/// invitation. The token is the credential, so the caller needs no other.</summary>
public sealed class Endpoint(PlatformDb db, TimeProvider time) : Endpoint<Request, Response>
{
    private sealed record Invitation(Guid Id, string Email);

    public override void Configure()
    {
        Post("auth/activate");
        AllowAnonymous();
        Description(route => route.WithName("ActivateUser").WithTags("Users"));
        Summary(summary => summary.Summary = "Set an invited user's password with the one-time activation token");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var invalidToken = Problems.Validation("activationToken", "The activation token is invalid, used or expired.", "ActivationToken");
        if (!Secrets.TryReadTenant(request.ActivationToken, ActivationTokens.Prefix, out var tenantId))
        {
            await Send.ResultAsync(invalidToken);
            return;
        }

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        var hash = Secrets.Hash(request.ActivationToken!);
        var invitation = await work.QuerySingleOrDefaultAsync<Invitation>("""
            select id, email from users
            where tenant_id = @TenantId and activation_token_hash = @hash and status = 'invited' and activation_expires_at > @now
            for update
            """, new { work.TenantId, hash, now = time.GetUtcNow() });
        if (invitation is null)
        {
            await Send.ResultAsync(invalidToken);
            return;
        }
        if (Passwords.Weakness(request.Password, invitation.Email) is { } weakness)
        {
            await Send.ResultAsync(Problems.Validation("password", weakness, "PasswordPolicy"));
            return;
        }

        await work.ExecuteAsync("""
            update users set password_hash = @passwordHash, status = 'active', activation_token_hash = null, activation_expires_at = null,
                version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, invitation.Id, passwordHash = Passwords.HashForSignIn(invitation.Email, request.Password!) });
        await work.CommitAsync();
        await Send.OkAsync(new Response(invitation.Id, invitation.Email, "active"), cancellationToken);
    }
}
