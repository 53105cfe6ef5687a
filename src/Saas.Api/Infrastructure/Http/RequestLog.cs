using Saas.Api.Infrastructure.Tenancy;

namespace Saas.Api.Infrastructure.Http;

/// <summary>One log line a request, once it is answered: method, path (never the query, which may carry a code or a token),
/// status, time and tenant. It replaces the host's two lines a request (starting, finished), whose category the settings keep
/// at Warning: half the lines, and each the one that says what happened. Outermost, so that the status is the one sent.</summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Answered(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode,
                time.GetElapsedTime(started).TotalMilliseconds, TenantContext.FromPrincipal(context.User));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms (tenant {TenantId})")]
    private static partial void Answered(ILogger logger, string method, string path, int statusCode, double elapsedMs, Guid? tenantId);
}
