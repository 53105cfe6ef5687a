using Microsoft.Net.Http.Headers;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>A request authenticates with exactly one credential: an <c>X-Api-Key</c> or an <c>Authorization</c> header,
/// never both. Policies that accept either scheme would otherwise merge two principals, and the role of one could
/// authorize the tenant of the other. Refused before authentication, so no handler ever sees two.</summary>
public sealed class OneCredential(RequestDelegate next)
{
    private static readonly string Detail = $"The request carries both {OpenApiSetup.ApiKeyHeader} and Authorization; send exactly one credential.";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey(OpenApiSetup.ApiKeyHeader) || !context.Request.Headers.ContainsKey(HeaderNames.Authorization))
            return next(context);
        // The token service answers in RFC 6749's terms, everything else with a problem document.
        if (TokenServicePaths.FamilyOf(context.Request.Path) == TokenServicePaths.TokenFamily)
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = Detail },
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
        return Problems.Of(ProblemTypes.TwoCredentials, Detail).ExecuteAsync(context);
    }
}
