using System.Security.Claims;
using FastEndpoints;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Saas.Api.Features.Identity.Token;

/// <summary><c>POST /connect/token</c>: client credentials, authorization code with PKCE, refresh token with rotation and reuse
/// detection. OpenIddict reads and checks the request (the client, its secret, the code and its verifier, the refresh token)
/// and answers every error itself; this decides who the tokens are for.</summary>
public sealed class Endpoint(ClientDirectory clients, PlatformDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/connect/token");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("Token").WithMetadata(new FormBody(typeof(Form))).Produces<TokenResponse>().ProducesOAuthErrors());
        Summary(summary => summary.Summary = "Issue tokens: client credentials, authorization code with PKCE, refresh token");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The token endpoint is reached only through OpenIddict.");
        await Send.ResultAsync(request.IsClientCredentialsGrantType()
            ? await ForClientAsync(request, cancellationToken)
            : await ForUserAsync(cancellationToken));
    }

    /// <summary>A partner's own token: its client id is the subject, its registered scopes the default.</summary>
    private async Task<IResult> ForClientAsync(OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict authenticated a client that is not registered.");
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, ClaimNames.Subject, ClaimNames.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, client.ClientId);
        identity.SetScopes(request.GetScopes() is { IsEmpty: false } requested ? requested : [.. client.Scopes]);
        identity.SetResources(AuthOptions.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>A code or a refresh token, already checked by OpenIddict, for a user who must still be able to sign in; the
    /// role and employee link are read again, the sign-in time (<c>auth_time</c>) kept.</summary>
    private async Task<IResult> ForUserAsync(CancellationToken cancellationToken)
    {
        var granted = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
            ?? throw new InvalidOperationException("OpenIddict passed a code or refresh token without its principal.");
        var user = await SignInUser.OfTokenAsync(db, granted, cancellationToken);
        if (user is not { CanSignIn: true })
            return TokenClaims.Refuse(Errors.InvalidGrant, "The user or the tenant is no longer active.");
        return Results.SignIn(TokenClaims.Renewed(user, granted), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
