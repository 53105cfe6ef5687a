using System.Globalization;

namespace Saas.Bench;

/// <summary>Memory and CPU time of processes, read from /proc: the API's peak resident set, and where the CPU went
/// (API, PostgreSQL backends, PostgreSQL's background processes, this generator) during a timed phase.</summary>
public static class ProcessStats
{
    private const double TicksPerSecond = 100; // USER_HZ, which /proc reports in on Linux

    /// <summary>A field of /proc/PID/status in MB (VmHWM is the peak resident set, VmRSS the current one).</summary>
    public static double? StatusMb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
        }
        return null;
    }

    public static double CpuSeconds(int pid) => ReadStat(pid) is { } stat ? stat.CpuSeconds : 0;

    /// <summary>The CPU seconds all cores of the machine have been busy (not idle, not waiting for I/O) since boot.</summary>
    public static double MachineBusySeconds()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is inside user already.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => fields.Length > i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
    }

    /// <summary>CPU seconds of the postmaster's children by pid, and whether each is a client backend.</summary>
    public static Dictionary<int, (double CpuSeconds, bool Backend)> PostgresChildren(int postmasterPid)
    {
        var result = new Dictionary<int, (double, bool)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ReadStat(pid) is not { } stat || stat.ParentPid != postmasterPid)
                continue;
            string command;
            try
            {
                command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            // Client backends name their peer, "postgres: saas_app saas 127.0.0.1(41234) idle".
            result[pid] = (stat.CpuSeconds, command.Contains("127.0.0.1(", StringComparison.Ordinal));
        }
        return result;
    }

    private static (int ParentPid, double CpuSeconds)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // After "pid (comm) ": state, ppid, … utime is the 14th field and stime the 15th overall.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (parent, ticks / TicksPerSecond);
    }
}

/// <summary>CPU seconds spent by each party between <see cref="Start"/> and <see cref="Stop"/>.</summary>
public sealed class CpuMeter(int apiPid, int postmasterPid)
{
    private double _api;
    private double _generator;
    private double _machine;
    private Dictionary<int, (double CpuSeconds, bool Backend)> _postgres = [];
    private readonly Dictionary<int, (double CpuSeconds, bool Backend)> _sampled = [];

    public double Api { get; private set; }
    public double Generator { get; private set; }
    public double PostgresBackends { get; private set; }
    public double PostgresBackground { get; private set; }

    /// <summary>CPU the rest of the machine used meanwhile: anything else running competes with the benchmark.</summary>
    public double Others { get; private set; }

    public void Start()
    {
        _api = apiPid > 0 ? ProcessStats.CpuSeconds(apiPid) : 0;
        _generator = ProcessStats.CpuSeconds(Environment.ProcessId);
        _machine = ProcessStats.MachineBusySeconds();
        _postgres = postmasterPid > 0 ? ProcessStats.PostgresChildren(postmasterPid) : [];
        _sampled.Clear();
    }

    /// <summary>Remembers the PostgreSQL processes' CPU now, so that one that exits before <see cref="Stop"/> (a pooled
    /// connection closed, psql's backend) is still counted, up to this sample. Optional; call it every few hundred ms.</summary>
    public void Sample()
    {
        if (postmasterPid > 0)
            foreach (var (pid, value) in ProcessStats.PostgresChildren(postmasterPid))
                _sampled[pid] = value;
    }

    public CpuMeter Stop()
    {
        Api = apiPid > 0 ? ProcessStats.CpuSeconds(apiPid) - _api : 0;
        Generator = ProcessStats.CpuSeconds(Environment.ProcessId) - _generator;
        var machine = ProcessStats.MachineBusySeconds() - _machine;
        if (postmasterPid > 0)
        {
            PostgresBackends = PostgresBackground = 0;
            // A process that ended during the phase counts up to its last Sample(), if any; backends stay in the API's pool.
            var children = ProcessStats.PostgresChildren(postmasterPid);
            foreach (var (pid, value) in _sampled)
                children.TryAdd(pid, value);
            foreach (var (pid, (cpu, backend)) in children)
            {
                var spent = cpu - (_postgres.TryGetValue(pid, out var before) ? before.CpuSeconds : 0);
                if (backend)
                    PostgresBackends += spent;
                else
                    PostgresBackground += spent;
            }
        }
        Others = Math.Max(0, machine - Api - Generator - PostgresBackends - PostgresBackground);
        return this;
    }

    public string Describe(double wallSeconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(apiPid > 0 ? $"API {Api:F1} s, " : "")}PostgreSQL backends {PostgresBackends:F1} s, PostgreSQL background (WAL writer, checkpointer, autovacuum…) {PostgresBackground:F1} s, load generator {Generator:F1} s, other processes {Others:F1} s — of {wallSeconds * Environment.ProcessorCount:F1} core-seconds available ({Environment.ProcessorCount} cores × {wallSeconds:F1} s)");
}

/// <summary>Samples the API's resident set while a phase runs; VmHWM gives the true peak at the end.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RssSampler(int pid)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (ProcessStats.StatusMb(pid, "VmRSS") is { } rss && rss > MaxRssMb)
                    MaxRssMb = rss;
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public double MaxRssMb { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        await _loop;
    }
}
