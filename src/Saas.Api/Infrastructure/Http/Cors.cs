using System.Collections.Frozen;
using Dapper;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Npgsql;

namespace Saas.Api.Infrastructure.Http;

public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>Frontends may register plain-http origins (true in Development only).</summary>
    public bool AllowHttpOrigins { get; set; }
}

/// <summary>The origins that active public clients (browser frontends) registered, read from the database and kept for
/// <see cref="MaxAge"/>, so that a client registered on another instance is allowed within that time, and one registered
/// here at once (<see cref="Invalidate"/>).</summary>
public sealed partial class ClientOrigins(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ClientOrigins> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot _current = new(FrozenSet<string>.Empty, DateTimeOffset.MinValue);

    private sealed record Snapshot(FrozenSet<string> Origins, DateTimeOffset LoadedAt);

    public bool IsAllowed(string origin) => _current.Origins.Contains(origin);

    public void Invalidate() => _current = _current with { LoadedAt = DateTimeOffset.MinValue };

    public async ValueTask RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _current.LoadedAt < MaxAge)
            return;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _current.LoadedAt < MaxAge)
                return;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var origins = await connection.QueryAsync<string>(
                "select distinct unnest(allowed_origins) from oauth_clients where status = 'active'");
            _current = new Snapshot(origins.ToFrozenSet(StringComparer.Ordinal), time.GetUtcNow());
        }
        catch (NpgsqlException exception)
        {
            // Keep answering with what was known until the next refresh is due, rather than have every cross-origin request
            // wait for the database in turn while it is away.
            _current = _current with { LoadedAt = time.GetUtcNow() };
            LogRefreshFailed(logger, exception);
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the frontends' allowed origins")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

/// <summary>CORS for browser frontends on their own origins: the token service, discovery and the API answer the origins
/// that public clients registered, preflights included and without authentication (the middleware answers them before
/// authentication runs). Bearer tokens are not cookies, so credentials are never allowed, and never any origin (<c>*</c>).</summary>
public sealed class ClientOriginsCorsPolicyProvider(ClientOrigins origins) : ICorsPolicyProvider
{
    private static readonly string[] CrossOriginPaths = ["/api/v1", "/connect/token", "/connect/revoke", "/connect/userinfo", "/.well-known"];

    private readonly CorsPolicy _policy = new CorsPolicyBuilder()
        .SetIsOriginAllowed(origins.IsAllowed) // also makes every answer vary by Origin
        .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
        .WithHeaders("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Accept", "Accept-Language")
        .WithExposedHeaders("ETag", "Location", "Retry-After", "WWW-Authenticate", "Content-Disposition", IdempotencyFilter.ReplayedHeader)
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
        .Build();

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (!CrossOriginPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
            return null;
        await origins.RefreshIfStaleAsync(context.RequestAborted);
        return _policy;
    }
}

public static class CorsSetup
{
    public static IServiceCollection AddClientOriginsCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(CorsSettings.Section).Get<CorsSettings>() ?? new CorsSettings());
        services.AddCors();
        services.AddSingleton<ClientOrigins>();
        services.AddSingleton<ICorsPolicyProvider, ClientOriginsCorsPolicyProvider>();
        return services;
    }
}
