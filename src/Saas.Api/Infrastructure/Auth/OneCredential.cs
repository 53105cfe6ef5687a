using Microsoft.Net.Http.Headers;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>A request authenticates with exactly one credential: an <c>X-Api-Key</c> or an <c>Authorization</c> header,
/// never both. Policies that accept either scheme would otherwise merge two principals, and the role of one could
/// authorize the tenant of the other. Refused before authentication, so no handler ever sees two.</summary>
public sealed class OneCredential(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Headers.ContainsKey(OpenApiSetup.ApiKeyHeader) && context.Request.Headers.ContainsKey(HeaderNames.Authorization)
            ? Problems.Of(ProblemTypes.TwoCredentials,
                $"The request carries both {OpenApiSetup.ApiKeyHeader} and Authorization; send exactly one credential.").ExecuteAsync(context)
            : next(context);
}
