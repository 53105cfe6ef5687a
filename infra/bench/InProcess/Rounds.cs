using System.Diagnostics;

namespace Saas.Bench.InProcess;

/// <summary>A round's cost of one request: wall time, this process's CPU time (every thread: the JIT, the GC, Npgsql's),
/// and bytes allocated.</summary>
public sealed record Round(double WallUs, double CpuUs, double Bytes);

public static class Rounds
{
    private static readonly Process Self = Process.GetCurrentProcess();

    public static async Task<Round> MeasureAsync(Func<Task> request, int count)
    {
        Self.Refresh();
        var cpu = Self.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
            await request();
        var wall = clock.Elapsed;
        Self.Refresh();
        return new Round(wall.TotalMicroseconds / count, (Self.TotalProcessorTime - cpu).TotalMicroseconds / count,
            (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)count);
    }

    /// <summary>Tiered compilation, the connection pool and the caches settle in the first seconds: every kind of request
    /// runs in turns for <paramref name="seconds"/> before anything is counted.</summary>
    public static async Task WarmUpAsync(IReadOnlyList<Func<Task>> requests, int count, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            foreach (var request in requests)
                await MeasureAsync(request, count);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A table row: the median CPU (least and most round), wall time and allocation of a request.</summary>
    public static string Row(string name, IReadOnlyList<Round> rounds) =>
        $"| {name} | {Median(rounds.Select(r => r.CpuUs)):F1} µs ({rounds.Min(r => r.CpuUs):F1}–{rounds.Max(r => r.CpuUs):F1}) | " +
        $"{Median(rounds.Select(r => r.WallUs)):F1} µs | {Median(rounds.Select(r => r.Bytes)) / 1024:F1} KiB |";

}
