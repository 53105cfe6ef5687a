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
        wellKnown.MapGet("/openid-configuration", Discovery.Handle).WithName("Discovery");
        wellKnown.MapGet("/jwks.json", Jwks.Handle).WithName("Jwks");

        var connect = endpoints.MapGroup("/connect").WithTags("Token service").AllowAnonymous();
        // The handlers read the form themselves, so that a wrong content type is an OAuth invalid_request
        // rather than a 415; FormBody only documents the fields.
        connect.MapPost("/token", TokenEndpoint.Handle).WithName("Token").DisableAntiforgery()
            .WithMetadata(new FormBody(typeof(TokenEndpoint.Form)));
        connect.MapGet("/authorize", Authorize.ShowLoginPage).WithName("AuthorizeForm").ExcludeFromDescription();
        connect.MapPost("/authorize", Authorize.SignIn).WithName("AuthorizeSignIn").ExcludeFromDescription();
        connect.MapPost("/revoke", Revoke.Handle).WithName("Revoke").DisableAntiforgery()
            .WithMetadata(new FormBody(typeof(Revoke.Form)));

        endpoints.MapPost("/api/v1/auth/activate", Activate.Handle).WithName("ActivateUser").WithTags("Users").AllowAnonymous()
            .Validate(Activate.Validator.Instance);
    }
}
