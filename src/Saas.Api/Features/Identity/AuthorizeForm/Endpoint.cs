using FastEndpoints;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Saas.Api.Features.Identity.AuthorizeForm;

/// <summary><c>GET /connect/authorize</c>: the authorization code flow with PKCE for frontends starts here, with the sign-in
/// page (a page for people, not part of the API's description).</summary>
public sealed class Endpoint(ClientDirectory clients, IAntiforgery antiforgery, IOptions<AuthOptions> options) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/connect/authorize");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("AuthorizeForm").ExcludeFromDescription());
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var (request, failure) = await AuthorizationRequests.ReadAsync(HttpContext, clients, options.Value.Issuer);
        // There is no sign-in session to continue without the page: a request that forbids the page goes back unanswered.
        if (request is { WithoutInteraction: true })
            failure = TokenClaims.Refuse(Errors.LoginRequired, "The user must sign in.");
        await Send.ResultAsync(failure ?? LoginPage.Render(HttpContext, antiforgery, AuthorizationRequests.Values(HttpContext),
            AuthorizationRequests.Language(HttpContext, HttpContext.GetOpenIddictServerRequest()!), error: null));
    }
}
