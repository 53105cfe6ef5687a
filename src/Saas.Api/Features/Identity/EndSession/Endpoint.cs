using FastEndpoints;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity.EndSession;

/// <summary><c>GET|POST /connect/endsession</c> (OpenID Connect RP-Initiated Logout 1.0): a frontend signs its user out. The
/// sign-in named by <c>id_token_hint</c> ends with every token issued under it, refresh tokens included; the browser goes
/// back to the <c>post_logout_redirect_uri</c> the client registered, with its <c>state</c>, or sees a page saying it is signed
/// out. The token service keeps no browser session of its own, so there is nothing else to end.</summary>
public sealed class Endpoint(SignIns signIns) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Verbs(Http.GET, Http.POST);
        Routes("/connect/endsession");
        Group<TokenServiceGroup>();
        // A page for people, as the sign-in page is.
        Description(route => route.ExcludeFromDescription());
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        // A request OpenIddict refused (an address the client did not register, a token hint of another client, a POST that is
        // not a form) is never redirected: its post-logout address is not trusted.
        if (HttpContext.GetOpenIddictServerRequest() is not { } request || HttpContext.GetOpenIddictServerResponse() is { Error.Length: > 0 })
        {
            await Send.ResultAsync(LoginPage.SignOutError(HttpContext, AuthorizationRequests.Language(HttpContext, HttpContext.GetOpenIddictServerRequest())));
            return;
        }
        var language = AuthorizationRequests.Language(HttpContext, request);
        var hint = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (hint?.GetAuthorizationId() is { Length: > 0 } authorizationId)
            await signIns.EndAsync(authorizationId, cancellationToken);
        await Send.ResultAsync(string.IsNullOrEmpty(request.PostLogoutRedirectUri)
            ? LoginPage.SignedOut(HttpContext, language)
            : Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
    }
}
