using System.Collections.Concurrent;

namespace Saas.Api.Infrastructure.Workers;

public sealed class WorkerOptions
{
    public const string Section = "Workers";

    /// <summary>A background worker that made no progress for this long is reported stalled, and the instance not ready.
    /// Every worker beats at least once a round and once a batch or job, all of which take seconds, so minutes mean a
    /// hang: a statement waiting on a lock forever, a loop that stopped.</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The background workers of this instance and when each last made progress, for the readiness check: a worker
/// beats when it starts, at every round and at every batch, job or delivery it finishes.</summary>
public sealed class WorkerHeartbeats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Heartbeat> _workers = new(StringComparer.Ordinal);

    /// <summary>The heartbeat of a worker, beaten once now.</summary>
    public Heartbeat Start(string worker)
    {
        var heartbeat = _workers.GetOrAdd(worker, _ => new Heartbeat(time));
        heartbeat.Beat();
        return heartbeat;
    }

    /// <summary>Each started worker with how long ago it last beat, by name.</summary>
    public IReadOnlyList<(string Worker, TimeSpan Silent)> Silences()
    {
        var now = time.GetUtcNow();
        return _workers.Select(w => (w.Key, now - w.Value.LastBeat)).OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
    }
}

public sealed class Heartbeat(TimeProvider time)
{
    private long _lastBeatTicks;

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);
}
