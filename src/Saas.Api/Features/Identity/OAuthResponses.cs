using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

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
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>Token endpoint answers per RFC 6749 §5: JSON, never cached; errors as <c>{ error, error_description }</c>.</summary>
public static class OAuthResponses
{
    public static IResult Error(HttpContext http, string error, string description, int status = StatusCodes.Status400BadRequest)
    {
        NoStore(http);
        return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
    }

    public static IResult InvalidRequest(HttpContext http, string description) => Error(http, "invalid_request", description);

    /// <summary>Reads the form-encoded parameters. A body of another type, or a form the reader refuses (a NUL or other
    /// control character, too many or too long values), is the client's <c>invalid_request</c>, not a server error.</summary>
    public static async Task<(IFormCollection? Form, IResult? Error)> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        // RFC 6749 §4.1.3 and RFC 7009 §2.1: form-urlencoded only (a multipart body is another reader and other failures).
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, InvalidRequest(http, "Send the parameters as application/x-www-form-urlencoded."));
        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, InvalidRequest(http, "The form could not be read: a value holds a character such as U+0000, or the form is too large."));
        }
    }

    public static IResult InvalidGrant(HttpContext http, string description) => Error(http, "invalid_grant", description);

    public static IResult InvalidClient(HttpContext http, bool usedBasic)
    {
        // RFC 6749 §5.2: a client that authenticated with the Authorization header gets 401 and a challenge.
        if (usedBasic)
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"saas\"";
        return Error(http, "invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized);
    }

    public static IResult Tokens(HttpContext http, Dictionary<string, object> body)
    {
        NoStore(http);
        return Results.Json(body);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>RFC 6749 §5.2 errors: 400 for a bad request, 401 when client authentication fails.</summary>
    public static RouteHandlerBuilder ProducesOAuthErrors(this RouteHandlerBuilder builder) =>
        builder.Produces<OAuthError>(StatusCodes.Status400BadRequest, "application/json")
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized, "application/json");
}
