using OpenIddict.Abstractions;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>A sign-in is an OpenIddict authorization: the code, the refresh tokens and every access and ID token issued under it
/// are its tokens.</summary>
public sealed class SignIns(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations)
{
    /// <summary>Ends a sign-in: its tokens are revoked at once (an access token stops at its next request, as the API checks its
    /// entry), and the authorization with them, so that nothing can be issued under it again.</summary>
    public async Task EndAsync(string authorizationId, CancellationToken cancellationToken)
    {
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is { } authorization)
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
    }
}
