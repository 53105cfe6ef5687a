namespace Saas.Api.Infrastructure.Auth;

/// <summary>After a request that may have changed who may call (a revocation, a sign-out, a suspension, a deactivation, a
/// role change: a write by an authenticated caller or to the token service, and any request of the token service's
/// sign-in and end-of-session endpoints), the callers <see cref="LiveCallers"/> trusted are asked about again, so that a
/// change made through this instance takes effect on it at once.</summary>
public sealed class ForgetLiveCallersAfterWrites(RequestDelegate next, LiveCallers live)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            // An integration's key (ingestion, thousands of posts a minute) changes no user, sign-in or tenant.
            var byApiKey = context.Request.Headers.Authorization.Count == 0 && context.Request.Headers.ContainsKey(OpenApi.OpenApiSetup.ApiKeyHeader);
            var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method);
            var tokenService = TokenServicePaths.FamilyOf(context.Request.Path);
            // Nobody else can make a caller less live: an anonymous write elsewhere (activating an invitation, a 404) leaves
            // the cache alone, so that it cannot be emptied at will. The token service changes sign-ins on GETs too (a
            // browser's end of session).
            var mayChangeCallers = write && (context.User.Identity?.IsAuthenticated == true || tokenService is not null) || tokenService is "authorize";
            if (!byApiKey && mayChangeCallers)
                live.ForgetAll();
        }
    }
}
