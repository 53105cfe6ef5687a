using System.Diagnostics;

namespace Saas.Bench.InProcess;

/// <summary>infra/bench/compare runs two builds at once and names a folder both see (<c>SAAS_BENCH_BARRIER</c>): before each
/// measured round, each side waits there for the other to reach the same round, so that the two measure the same request
/// at the same moment of the machine. Alone, or once the other side has not come for a minute, nothing waits.</summary>
public static class SideBySide
{
    private static string? _folder = Environment.GetEnvironmentVariable("SAAS_BENCH_BARRIER");

    public static async Task MeetAsync(string round)
    {
        if (_folder is not { } folder)
            return;
        await File.WriteAllTextAsync(Path.Combine(folder, $"{round}.{Environment.ProcessId}"), "");
        var clock = Stopwatch.StartNew();
        while (Directory.GetFiles(folder, round + ".*").Length < 2)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                Console.Error.WriteLine($"  - the other side did not reach round {round} within a minute; going on alone");
                _folder = null;
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }
    }
}
