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

    /// <summary>Requests a minute from one IP address without credentials, per endpoint family (the sign-in page,
    /// activation, discovery, the rest), and per client at that address on the token and revocation endpoints.</summary>
    public int AnonymousPerMinute { get; set; } = 120;

    /// <summary>Token and revocation requests a minute from one IP address, all clients together.</summary>
    public int TokenRequestsPerMinute { get; set; } = 600;
}

/// <summary>Partitioned limits with the built-in rate limiter: every request counts against its API key (if any) and
/// its tenant, a partner's against its client, anonymous ones against their IP address and endpoint family, so that a
/// flood of one family (bad client secrets, say) does not lock everyone out of another (the sign-in page).</summary>
public static class RateLimiting
{
    public static IServiceCollection AddSaasRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(new TokenServiceLimits.Limiters(limits));
        services.AddRateLimiter(options =>
        {
            // The token service's paths are limited before authentication (TokenServiceLimits).
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.User.FindFirst(ClaimNames.ApiKey)?.Value is { } keyId
                        ? Window("key:" + keyId, limits.PerApiKeyPerMinute)
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    TokenServicePaths.FamilyOf(context.Request.Path) is not null ? RateLimitPartition.GetNoLimiter("")
                    : context.User.FindFirst(ClaimNames.Tenant)?.Value is { } tenant ? Window("tenant:" + tenant, limits.PerTenantPerMinute)
                    : context.User.FindFirst(ClaimNames.ClientId)?.Value is { } client ? Window("client:" + client, limits.PerClientPerMinute)
                    : Window($"{AnonymousFamily(context.Request.Path)}:{context.Connection.RemoteIpAddress}", limits.AnonymousPerMinute)));
            options.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await TooManyRequests(context.HttpContext, retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>429 with <c>Retry-After</c>, as a problem document.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(ProblemTypes.TooManyRequests, $"Rate limit reached; retry in {seconds} s.");
    }

    /// <summary>The bucket of an anonymous request's address outside the token service, by what it is for.</summary>
    private static string AnonymousFamily(PathString path) => path.StartsWithSegments("/api/v1/auth/activate") ? "activate" : "other";

    internal static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
