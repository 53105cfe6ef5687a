using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Infrastructure.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag])
            .AddCheck<WorkersReadyCheck>("workers", tags: [ReadyTag]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process serves requests. Ready: it can do useful work (database reachable, schema current, background
        // workers making progress).
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }
}

internal sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await MigrationRunner.AreAppliedAsync(connection, cancellationToken)
                ? HealthCheckResult.Healthy("Database reachable; all migrations applied.")
                : HealthCheckResult.Unhealthy("Database reachable, but migrations are pending.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // The message alone: an exception could carry the host name, never the password, but keep it short.
            return HealthCheckResult.Unhealthy("Database unreachable: " + exception.GetType().Name);
        }
    }
}
