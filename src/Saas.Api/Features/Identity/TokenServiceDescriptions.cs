using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Identity;

/// <summary>The token service's operations that OpenIddict answers itself, without an endpoint of this API behind them
/// (discovery, the key set, revocation, introspection), described to the API explorer like any endpoint, so that the OpenAPI document keeps
/// them with the same filters as the rest.</summary>
public sealed class TokenServiceDescriptions : IApiDescriptionProvider
{
    /// <summary>After the framework's providers, which know nothing of these paths.</summary>
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
        context.Results.Add(Describe("GET", ".well-known/openid-configuration", "Discovery", "OpenID Connect discovery document",
            typeof(Dictionary<string, object>)));
        context.Results.Add(Describe("GET", ".well-known/jwks.json", "Jwks", "Public keys that sign access and ID tokens (JWKS)", typeof(KeySet)));
        var revoke = Describe("POST", "connect/revoke", "Revoke", "Revoke a refresh or access token, and the sign-in it belongs to (RFC 7009)",
            typeof(Dictionary<string, object>), new FormBody(typeof(RevokeForm)));
        revoke.SupportedResponseTypes.Add(Json(StatusCodes.Status400BadRequest, typeof(OAuthError)));
        revoke.SupportedResponseTypes.Add(Json(StatusCodes.Status401Unauthorized, typeof(OAuthError)));
        context.Results.Add(revoke);
        var introspect = Describe("POST", "connect/introspect", "Introspect",
            "Whether a token is active, and whom it speaks for (RFC 7662): for partners, about their own tokens and their frontends' access tokens",
            typeof(IntrospectionResponse), new FormBody(typeof(IntrospectForm)));
        introspect.SupportedResponseTypes.Add(Json(StatusCodes.Status400BadRequest, typeof(OAuthError)));
        introspect.SupportedResponseTypes.Add(Json(StatusCodes.Status401Unauthorized, typeof(OAuthError)));
        context.Results.Add(introspect);
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
    }

    private static ApiDescription Describe(string method, string path, string name, string summary, Type response, params object[] metadata)
    {
        var description = new ApiDescription
        {
            HttpMethod = method,
            RelativePath = path,
            ActionDescriptor = new ActionDescriptor
            {
                DisplayName = name,
                EndpointMetadata = [new AllowAnonymousAttribute(), new EndpointNameMetadata(name), new TagsAttribute("Token service"),
                    new EndpointSummaryAttribute(summary), .. metadata],
            },
        };
        description.SupportedResponseTypes.Add(Json(StatusCodes.Status200OK, response));
        return description;
    }

    private static ApiResponseType Json(int status, Type type) => new()
    {
        StatusCode = status,
        Type = type,
        ApiResponseFormats = [new ApiResponseFormat { MediaType = "application/json" }],
    };

    /// <summary>The key set (RFC 7517).</summary>
    [DisplayName("JwksKeySet")]
    public sealed record KeySet(IReadOnlyList<Key> Keys);

    /// <summary>An RSA public key as a JWK: modulus <c>n</c> and exponent <c>e</c>, base64url.</summary>
    [DisplayName("JwksKey")]
    public sealed record Key(string Kty, string Use, string Alg, string Kid, string N, string E);

    /// <summary>The revocation request's form fields (RFC 7009 §2.1).</summary>
    [DisplayName("RevokeForm")]
    public sealed record RevokeForm(string token, string? token_type_hint, string? client_id, string? client_secret);

    /// <summary>The introspection request's form fields (RFC 7662 §2.1), with the partner's client credentials.</summary>
    [DisplayName("IntrospectForm")]
    public sealed record IntrospectForm(string token, string? token_type_hint, string client_id, string? client_secret);

    /// <summary>The introspection response (RFC 7662 §2.2): <c>active</c> alone for a token that is not active or not the
    /// caller's to know about.</summary>
    [DisplayName("IntrospectionResponse")]
    public sealed record IntrospectionResponse(bool active, string? scope, string? client_id, string? sub, string? token_type, long? exp, long? iat,
        long? nbf, string? iss, string? jti, string? token_usage, string? tenant_id, string? role, string? employee_id);
}
