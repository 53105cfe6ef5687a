using FastEndpoints;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Identity.UserInfo;

/// <summary><c>GET|POST /connect/userinfo</c> (OpenID Connect Core §5.3): the signed-in user as they are now. OpenIddict checks
/// the access token (signature, lifetime, and that its sign-in was not revoked) and answers a bad one itself; this checks that
/// the token was issued for OpenID Connect and that the user can still sign in.</summary>
public sealed class Endpoint(PlatformDb db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Verbs(Http.GET, Http.POST);
        Routes("/connect/userinfo");
        Group<TokenServiceGroup>();
        Description(route => route.WithMetadata(new TokenServiceBearer(Infrastructure.Auth.Scopes.OpenId))
            .Produces<Response>());
        Summary(summary =>
        {
            summary.Summary = "The signed-in user (OpenID Connect UserInfo)";
            summary.Description = "Send the access token of a sign-in with scope openid as a bearer token. A token that is not valid "
                + "or whose user can no longer sign in is 401 with only WWW-Authenticate: Bearer error=\"invalid_token\"; a token without "
                + "scope openid (a partner's own token) is 403 with error=\"insufficient_scope\".";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var token = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
            ?? throw new InvalidOperationException("OpenIddict passed a userinfo request without the access token's principal.");
        if (!token.HasScope(Infrastructure.Auth.Scopes.OpenId))
        {
            await Send.ResultAsync(TokenClaims.Refuse(OpenIddictConstants.Errors.InsufficientScope, "The access token was not issued with scope openid."));
            return;
        }
        var user = await SignInUser.OfTokenAsync(db, token, cancellationToken);
        if (user is not { CanSignIn: true })
        {
            await Send.ResultAsync(TokenClaims.Refuse(OpenIddictConstants.Errors.InvalidToken, "The user or the tenant is no longer active."));
            return;
        }
        await Send.OkAsync(new Response(user.Id.ToString(), user.FullName, user.Email, user.TenantId, user.Role, user.EmployeeId), cancellationToken);
    }
}
