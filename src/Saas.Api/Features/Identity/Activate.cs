using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Identity;

/// <summary><c>POST /api/v1/auth/activate</c>: an invited user sets a password once with the one-time token
/// from the invitation.</summary>
public static class Activate
{
    public const string TokenPrefix = "act_";

    public sealed record Request(string? ActivationToken, string? Password);

    public sealed record Response(Guid UserId, string Email, string Status);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.ActivationToken).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(Passwords.MaximumLength);
        }
    }

    private sealed record Invitation(Guid Id, string Email);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(Request request, PlatformDb db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var invalidToken = Problems.Validation("activationToken", "The activation token is invalid, used or expired.", "ActivationToken");
        if (!Secrets.TryReadTenant(request.ActivationToken, TokenPrefix, out var tenantId))
            return invalidToken;

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        var hash = Secrets.Hash(request.ActivationToken!);
        var invitation = await work.QuerySingleOrDefaultAsync<Invitation>("""
            select id, email from users
            where tenant_id = @TenantId and activation_token_hash = @hash and status = 'invited' and activation_expires_at > @now
            for update
            """, new { work.TenantId, hash, now = time.GetUtcNow() });
        if (invitation is null)
            return invalidToken;
        if (Passwords.Weakness(request.Password, invitation.Email) is { } weakness)
            return Problems.Validation("password", weakness, "PasswordPolicy");

        await work.ExecuteAsync("""
            update users set password_hash = @passwordHash, status = 'active', activation_token_hash = null, activation_expires_at = null,
                version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, invitation.Id, passwordHash = Passwords.HashForSignIn(invitation.Email, request.Password!) });
        await work.CommitAsync();
        return TypedResults.Ok(new Response(invitation.Id, invitation.Email, "active"));
    }
}
