namespace Saas.Api.Infrastructure.Tenancy;

/// <summary>Puts the caller's tenant into the logging scope of the request, next to the trace id that the
/// host already adds, so that every log line of a request says whose it was.</summary>
public sealed class TenantLogScope(RequestDelegate next, ILogger<TenantLogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TenantContext.FromPrincipal(context.User) is not { } tenantId)
        {
            await next(context);
            return;
        }
        using (logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId }))
            await next(context);
    }
}
