using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Workers;

namespace Saas.Api.Infrastructure.Health;

/// <summary>Not ready while a background worker of this instance has made no progress for
/// <see cref="WorkerOptions.StalledAfter"/>: an orchestrator then stops sending it traffic, and its jobs and deliveries,
/// claimed with leases, go to the other instances.</summary>
internal sealed class WorkersReadyCheck(WorkerHeartbeats heartbeats, IOptions<WorkerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silences = heartbeats.Silences();
        var stalled = silences.Where(w => w.Silent > options.Value.StalledAfter).ToList();
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy($"Making progress: {string.Join(", ", silences.Select(w => w.Worker))}.")
            : HealthCheckResult.Unhealthy("Stalled: " + string.Join(", ",
                stalled.Select(w => $"{w.Worker} (no progress for {w.Silent.TotalSeconds:F0} s)")) + "."));
    }
}
