using System.Globalization;
using System.Threading.RateLimiting;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Infrastructure.Auth;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests a minute for all of a tenant's users and keys together.</summary>
    public int PerTenantPerMinute { get; set; } = 1200;

    /// <summary>Requests a minute for one API key.</summary>
    public int PerApiKeyPerMinute { get; set; } = 600;

    /// <summary>Requests a minute for one partner client.</summary>
    public int PerClientPerMinute { get; set; } = 600;

    /// <summary>Requests a minute from one IP address without credentials (sign-in, token, activation).</summary>
    public int AnonymousPerMinute { get; set; } = 120;
}

/// <summary>Partitioned limits with the built-in rate limiter: every request counts against its API key
/// (if any) and its tenant, a partner's against its client, anonymous ones against their IP address.</summary>
public static class RateLimiting
{
    public static IServiceCollection AddSaasRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.User.FindFirst(ClaimNames.ApiKey)?.Value is { } keyId
                        ? Window("key:" + keyId, limits.PerApiKeyPerMinute)
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.User.FindFirst(ClaimNames.Tenant)?.Value is { } tenant ? Window("tenant:" + tenant, limits.PerTenantPerMinute)
                    : context.User.FindFirst(ClaimNames.ClientId)?.Value is { } client ? Window("client:" + client, limits.PerClientPerMinute)
                    : Window("ip:" + context.Connection.RemoteIpAddress, limits.AnonymousPerMinute)));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Of(ProblemTypes.TooManyRequests, $"Rate limit reached; retry in {retryAfter} s.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
