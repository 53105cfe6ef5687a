using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Saas.Api.Features.Identity;

/// <summary>What a user's tokens say and where each claim goes: the access token carries the tenant, role and employee link
/// the API authorizes with; the ID token tells the client who signed in, and when.</summary>
public static class TokenClaims
{
    /// <summary>The sign-in on the sign-in page, for the scopes the request asked for.</summary>
    public static ClaimsPrincipal AtSignIn(SignInUser user, IEnumerable<string> scopes, DateTimeOffset authenticatedAt)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, ClaimNames.Subject, ClaimNames.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString());
        identity.SetClaim(Claims.AuthenticationTime, authenticatedAt.ToUnixTimeSeconds());
        identity.SetScopes(scopes);
        identity.SetResources(AuthOptions.Audience);
        return Describe(identity, user);
    }

    /// <summary>A code exchanged or a token refreshed: what OpenIddict granted (scopes, sign-in time, the sign-in the tokens
    /// belong to) with the user as they are now.</summary>
    public static ClaimsPrincipal Renewed(SignInUser user, ClaimsPrincipal granted) =>
        Describe(new ClaimsIdentity(granted.Claims, TokenValidationParameters.DefaultAuthenticationType, ClaimNames.Subject, ClaimNames.Role), user);

    /// <summary>An OAuth error answered by OpenIddict (at the token endpoint as JSON, at the authorization endpoint to the
    /// client's redirect URI).</summary>
    public static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static ClaimsPrincipal Describe(ClaimsIdentity identity, SignInUser user)
    {
        identity.SetClaim(ClaimNames.Tenant, user.TenantId.ToString());
        identity.SetClaim(ClaimNames.Role, user.Role);
        identity.SetClaim(ClaimNames.Employee, user.EmployeeId?.ToString());
        identity.SetClaim(Claims.Email, user.Email);
        identity.SetClaim(Claims.Name, user.FullName);
        identity.SetDestinations(Destinations);
        return new ClaimsPrincipal(identity);
    }

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        ClaimNames.Tenant or ClaimNames.Role => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Email or Claims.Name or Claims.AuthenticationTime => [OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };
}
