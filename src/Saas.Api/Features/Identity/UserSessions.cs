using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Identity;

/// <summary>A user as the token service sees them, with their tenant's state.</summary>
public sealed record SignInUser(Guid TenantId, Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status,
    string? PasswordHash, string TenantName, string TenantStatus, string? PartnerClientId)
{
    public bool CanSignIn => Status == "active" && TenantStatus == "active";

    public static Task<SignInUser?> LoadAsync(UnitOfWork work, Guid userId) =>
        work.QuerySingleOrDefaultAsync<SignInUser>("""
            select u.tenant_id, u.id, u.email, u.full_name, u.role, u.employee_id, u.status, u.password_hash,
                   t.name as tenant_name, t.status as tenant_status, t.partner_client_id
            from users u join tenants t on t.id = u.tenant_id
            where u.tenant_id = @TenantId and u.id = @userId
            """, new { work.TenantId, userId });
}

/// <summary>Sessions tie together what one sign-in issued: access tokens carry its id (<c>sid</c>), refresh
/// tokens belong to it, and revoking it ends them all.</summary>
public sealed class UserSessions(TokenIssuer issuer, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string RefreshTokenPrefix = "rt_";

    public static async Task<Guid> CreateAsync(UnitOfWork work, SignInUser user, string clientId, string[] scopes, DateTime authenticatedAt)
    {
        var id = Guid.CreateVersion7();
        await work.ExecuteAsync("""
            insert into sessions (tenant_id, id, user_id, client_id, scopes, authenticated_at)
            values (@TenantId, @id, @userId, @clientId, @scopes, @authenticatedAt)
            """, new { work.TenantId, id, userId = user.Id, clientId, scopes, authenticatedAt });
        return id;
    }

    public static Task RevokeAsync(UnitOfWork work, Guid sessionId, string reason) =>
        work.ExecuteAsync("""
            update sessions set revoked_at = now(), revoked_reason = @reason
            where tenant_id = @TenantId and id = @sessionId and revoked_at is null
            """, new { work.TenantId, sessionId, reason });

    /// <summary>The token response for a user: an access token, a rotated refresh token with
    /// <c>offline_access</c>, an ID token with <c>openid</c> that reports when the user entered their password.</summary>
    public async Task<Dictionary<string, object>> IssueAsync(UnitOfWork work, SignInUser user, string clientId, Guid sessionId,
        DateTime authenticatedAt, string[] scopes, string? nonce, CancellationToken cancellationToken)
    {
        var userClaims = new Dictionary<string, object>
        {
            [ClaimNames.Tenant] = user.TenantId.ToString(),
            [ClaimNames.Role] = user.Role,
            [ClaimNames.Session] = sessionId.ToString(),
        };
        if (user.EmployeeId is { } employeeId)
            userClaims[ClaimNames.Employee] = employeeId.ToString();
        var access = await issuer.IssueAsync(user.Id.ToString(), clientId, scopes.Where(s => s != Scopes.OfflineAccess && s != Scopes.OpenId),
            userClaims, cancellationToken);

        var body = new Dictionary<string, object>
        {
            ["access_token"] = access.Value,
            ["token_type"] = "Bearer",
            ["expires_in"] = access.ExpiresInSeconds,
            ["scope"] = string.Join(' ', scopes),
        };
        if (scopes.Contains(Scopes.OfflineAccess))
        {
            var refresh = Secrets.NewTenantToken(RefreshTokenPrefix, user.TenantId);
            await work.ExecuteAsync("""
                insert into refresh_tokens (tenant_id, token_hash, session_id, expires_at) values (@TenantId, @hash, @sessionId, @expires)
                """, new { work.TenantId, hash = Secrets.Hash(refresh), sessionId, expires = time.GetUtcNow() + options.Value.RefreshTokenLifetime });
            body["refresh_token"] = refresh;
        }
        if (scopes.Contains(Scopes.OpenId))
            body["id_token"] = await issuer.IssueIdTokenAsync(user.Id.ToString(), clientId, nonce, authenticatedAt, new Dictionary<string, object>
            {
                ["email"] = user.Email,
                ["name"] = user.FullName,
                [ClaimNames.Tenant] = user.TenantId.ToString(),
                [ClaimNames.Role] = user.Role,
            }, cancellationToken);
        return body;
    }
}

/// <summary>PKCE (RFC 7636), S256 only: the plain method would let an intercepted code be redeemed.</summary>
public static partial class Pkce
{
    public static bool IsValidChallenge(string? challenge) => challenge is not null && ChallengePattern().IsMatch(challenge);

    public static bool Verify(string? verifier, string challenge)
    {
        if (verifier is null || !VerifierPattern().IsMatch(verifier))
            return false;
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$")]
    private static partial Regex VerifierPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex ChallengePattern();
}
