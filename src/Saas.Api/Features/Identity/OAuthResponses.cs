using System.Text.Json.Serialization;

namespace Saas.Api.Features.Identity;

/// <summary>A token response (RFC 6749 §5.1), for the OpenAPI document: the handlers write it as a dictionary.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken);

/// <summary>An error of the token and revocation endpoints (RFC 6749 §5.2): plain JSON, not a problem document.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription,
    [property: JsonPropertyName("error_uri")] string? ErrorUri);

/// <summary>The token service's answers in the OpenAPI document.</summary>
public static class OAuthResponses
{
    public static RouteHandlerBuilder ProducesOAuthErrors(this RouteHandlerBuilder builder) =>
        builder.Produces<OAuthError>(StatusCodes.Status400BadRequest, "application/json")
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized, "application/json");
}
