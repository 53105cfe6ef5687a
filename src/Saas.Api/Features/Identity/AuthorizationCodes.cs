using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Identity;

/// <summary>Authorization codes: single-use, short-lived, stored hashed, bound to the client, redirect URI and PKCE challenge of
/// the request they answer; the token endpoint exchanges them.</summary>
public static class AuthorizationCodes
{
    public const string Prefix = "ac_";

    /// <summary>Issues a code for the user, who entered their password at <paramref name="authenticatedAt"/>, and sends the
    /// browser back to the client with it.</summary>
    public static async Task<IResult> IssueAsync(AuthorizationRequest request, Guid tenantId, Guid userId, DateTimeOffset authenticatedAt,
        PlatformDb db, AuthOptions settings,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var code = Secrets.NewTenantToken(Prefix, tenantId);
        await using (var work = await db.BeginForTenantAsync(tenantId, cancellationToken))
        {
            await work.ExecuteAsync("""
                insert into authorization_codes (tenant_id, code_hash, client_id, user_id, redirect_uri, code_challenge, scopes, nonce, expires_at,
                                                 authenticated_at)
                values (@TenantId, @hash, @clientId, @userId, @redirectUri, @challenge, @scopes, @nonce, @expires, @authenticatedAt)
                """, new
            {
                work.TenantId,
                hash = Secrets.Hash(code),
                clientId = request.Client.ClientId,
                userId,
                redirectUri = request.RedirectUri,
                challenge = request.CodeChallenge,
                scopes = request.Scopes,
                nonce = request.Nonce,
                expires = time.GetUtcNow() + settings.AuthorizationCodeLifetime,
                authenticatedAt,
            });
            await work.CommitAsync();
        }
        return AuthorizationRequests.Redirect(request.RedirectUri, settings.Issuer, request.State, ("code", code));
    }

}
