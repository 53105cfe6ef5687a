namespace Saas.Api.Infrastructure.Auth;

/// <summary>After a request that may have changed who may call (a revocation, a sign-out, a suspension, a deactivation, a
/// role change: any method but GET, HEAD and OPTIONS), the callers <see cref="LiveCallers"/> trusted are asked about again,
/// so that a change made through this instance takes effect on it at once. It runs around the token service's endpoints too.</summary>
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
            if (!byApiKey && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !HttpMethods.IsOptions(context.Request.Method))
                live.ForgetAll();
        }
    }
}
