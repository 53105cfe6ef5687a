using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Identity;

/// <summary>The token service: OpenID Connect discovery, JWKS, the token, authorization and revocation
/// endpoints (form-encoded, per RFC 6749/7636/7009), and user activation.</summary>
public static class IdentityApi
{
    public static void MapIdentity(this IEndpointRouteBuilder endpoints)
    {
        var wellKnown = endpoints.MapGroup("/.well-known").WithTags("Token service").AllowAnonymous();
        wellKnown.MapGet("/openid-configuration", Discovery.Handle).WithName("Discovery").WithSummary("OpenID Connect discovery document")
            .Produces<Dictionary<string, object>>();
        wellKnown.MapGet("/jwks.json", Jwks.Handle).WithName("Jwks").WithSummary("Public keys that sign access tokens (JWKS)").Produces<Jwks.KeySet>();

        var connect = endpoints.MapGroup("/connect").WithTags("Token service").AllowAnonymous();
        // The handlers read the form themselves, so that a wrong content type is an OAuth invalid_request
        // rather than a 415; FormBody only documents the fields.
        connect.MapPost("/token", TokenEndpoint.Handle).WithName("Token")
            .WithSummary("Issue tokens: client credentials, authorization code with PKCE, refresh token").DisableAntiforgery()
            .WithMetadata(new FormBody(typeof(TokenEndpoint.Form)))
            .Produces<TokenResponse>().ProducesOAuthErrors();
        connect.MapGet("/authorize", Authorize.ShowLoginPage).WithName("AuthorizeForm").ExcludeFromDescription();
        connect.MapPost("/authorize", Authorize.SignIn).WithName("AuthorizeSignIn").ExcludeFromDescription();
        connect.MapPost("/revoke", Revoke.Handle).WithName("Revoke").WithSummary("Revoke a refresh or access token (RFC 7009)").DisableAntiforgery()
            .WithMetadata(new FormBody(typeof(Revoke.Form)))
            .Produces(StatusCodes.Status200OK).ProducesOAuthErrors();

        endpoints.MapPost("/api/v1/auth/activate", Activate.Handle).WithName("ActivateUser")
            .WithSummary("Set an invited user's password with the one-time activation token").WithTags("Users").AllowAnonymous()
            .Validate(Activate.Validator.Instance);
    }

    /// <summary>RFC 6749 §5.2 errors: 400 for a bad request, 401 when client authentication fails.</summary>
    private static RouteHandlerBuilder ProducesOAuthErrors(this RouteHandlerBuilder builder) =>
        builder.Produces<OAuthError>(StatusCodes.Status400BadRequest, "application/json")
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized, "application/json");
}
