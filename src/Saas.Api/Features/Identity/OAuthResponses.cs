namespace Saas.Api.Features.Identity;

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
        if (!http.Request.HasFormContentType)
            return (null, InvalidRequest(http, "Send the parameters as application/x-www-form-urlencoded."));
        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null);
        }
        catch (InvalidDataException)
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
}

/// <summary>The token endpoint's answer (RFC 6749 §5.1), as the OpenAPI document shows it; the handlers write it as
/// a dictionary. <c>refresh_token</c> comes with the <c>offline_access</c> scope, <c>id_token</c> with <c>openid</c>.</summary>
public sealed record TokenResponse(string access_token, string token_type, int expires_in, string scope, string? refresh_token, string? id_token);

/// <summary>An OAuth error answer (RFC 6749 §5.2), as the OpenAPI document shows it.</summary>
public sealed record OAuthError(string error, string error_description);
