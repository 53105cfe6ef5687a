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
