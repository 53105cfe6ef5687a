using System.Net.Http.Headers;
using System.Threading.RateLimiting;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Rate limits of the token service (<c>/connect/…</c>, <c>/.well-known/…</c>), per IP address and endpoint family, and
/// on the token and revocation endpoints per address and client as well. They run before authentication, because a token
/// service answers some requests while authenticating, where a limiter after authentication would never see them.
/// Behind a reverse proxy every client shares one address, and a client failing its authentication (a wrong or guessed
/// secret) must fill its own bucket, not the other clients'; client ids that name no client share one bucket per address,
/// so made-up ids do not each get a fresh one.</summary>
public sealed class TokenServiceLimits(RequestDelegate next, TokenServiceLimits.Limiters limiters)
{
    private const string TokenFamily = TokenServicePaths.TokenFamily;

    public sealed class Limiters(RateLimitOptions limits) : IDisposable
    {
        public PartitionedRateLimiter<string> ByAddress { get; } = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimiting.Window(key, key.StartsWith(TokenFamily + ":", StringComparison.Ordinal) ? limits.TokenRequestsPerMinute : limits.AnonymousPerMinute));

        public PartitionedRateLimiter<string> ByClient { get; } =
            PartitionedRateLimiter.Create<string, string>(key => RateLimiting.Window(key, limits.AnonymousPerMinute));

        public void Dispose()
        {
            ByAddress.Dispose();
            ByClient.Dispose();
        }
    }

    // Every API request passes here: outside the token service it costs a path check, not an async state machine.
    public Task InvokeAsync(HttpContext http) =>
        TokenServicePaths.FamilyOf(http.Request.Path) is { } family ? LimitAsync(http, family) : next(http);

    private async Task LimitAsync(HttpContext http, string family)
    {
        var address = http.Connection.RemoteIpAddress;
        using var addressLease = limiters.ByAddress.AttemptAcquire($"{family}:{address}");
        if (!addressLease.IsAcquired)
        {
            await RefuseAsync(http, addressLease);
            return;
        }
        if (family == TokenFamily && await ClientIdAsync(http) is { } clientId)
        {
            // Resolved here, not injected: a client directory opens a DbContext, which no other request should pay for.
            var known = await http.RequestServices.GetRequiredService<ClientDirectory>().FindAsync(clientId, http.RequestAborted);
            using var clientLease = limiters.ByClient.AttemptAcquire($"{address}|{known?.ClientId ?? "?"}");
            if (!clientLease.IsAcquired)
            {
                await RefuseAsync(http, clientLease);
                return;
            }
        }
        await next(http);
    }

    private static Task RefuseAsync(HttpContext http, RateLimitLease lease) =>
        RateLimiting.TooManyRequests(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1))
            .ExecuteAsync(http);

    /// <summary>The client a token or revocation request names, in its Basic credentials or its form; malformed requests name
    /// none here and are answered by the endpoint.</summary>
    private static async Task<string?> ClientIdAsync(HttpContext http)
    {
        if (ClientCredentials.FromBasicHeader(http.Request) is { Used: true } basic)
            return basic.ClientId;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || type.MediaType?.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return null;
        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return form["client_id"] is { Count: 1 } id && !string.IsNullOrEmpty(id) ? id.ToString() : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
