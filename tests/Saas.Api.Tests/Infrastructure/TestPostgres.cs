using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The PostgreSQL server the tests use: a superuser connection string from
/// <c>SAAS_TEST_DATABASE_ADMIN</c>, or else a throwaway cluster started once per test run in a temporary
/// folder on a free port (initdb/pg_ctl; as root the server runs as the <c>postgres</c> system user).</summary>
public static class TestPostgres
{
    private const string AdminVariable = "SAAS_TEST_DATABASE_ADMIN";
    private const string FolderPrefix = "saas-test-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly List<PosixSignalRegistration> SignalHandlers = [];
    private static readonly Lazy<string> Admin = new(StartOrConnect, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => Admin.Value;

    private static string StartOrConnect()
    {
        var configured = Environment.GetEnvironmentVariable(AdminVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;

        var bin = FindServerBinaries() ?? throw new InvalidOperationException(
            "The database tests need PostgreSQL's server binaries (initdb, pg_ctl), and none were found under " +
            "/usr/lib/postgresql/*/bin or in PG_BIN. Install them with `sudo apt-get install -y postgresql` (the README's " +
            $"test command, infra/dev/test, does this for you), or set {AdminVariable} to a superuser connection string.");

        RemoveLeftoversOfDeadRuns();
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        // The owner by id and start time: the next run removes this folder if its owner is gone and the watchdog is too.
        File.WriteAllText(Path.Combine(root, OwnerFile), $"{Environment.ProcessId} {StartTimeOf(Environment.ProcessId)}".TrimEnd());
        if (IsRoot && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111); // the postgres user creates its data folder here
        RemoveWhenThisProcessEnds(bin, root);

        var data = Path.Combine(root, "data");
        var port = FreePort();
        try
        {
            Run(bin, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            Run(bin, "pg_ctl", ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=400", "start"]);
        }
        catch
        {
            Stop(bin, root);
            throw;
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? FindServerBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "initdb")))
            return configured;
        if (!Directory.Exists("/usr/lib/postgresql"))
            return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static void Run(string bin, string tool, string[] arguments)
    {
        var start = IsRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : new ProcessStartInfo(Path.Combine(bin, tool), arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr}{stdout.Result}");
    }

    /// <summary>Stops the cluster and deletes its folder, the owner file last, so that a deletion cut short still leaves a
    /// folder that the next run recognises as a dead run's.</summary>
    private static void Stop(string bin, string root)
    {
        if (File.Exists(Path.Combine(root, "data", "postmaster.pid")))
        {
            try
            {
                Run(bin, "pg_ctl", ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder still goes.
            }
        }
        // Another remover (the watchdog, or the next run) may be deleting the same files at the same moment.
        try
        {
            if (Directory.Exists(Path.Combine(root, "data")))
                Directory.Delete(Path.Combine(root, "data"), recursive: true);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The cluster goes with the test process, however that ends. In the process: a normal exit (ProcessExit), an
    /// unhandled exception, and the signals that end a .NET process without ProcessExit (Ctrl+C's SIGINT, SIGTERM, SIGQUIT,
    /// SIGHUP). None of them covers the end of an ordinary run, though: VSTest gives the test host 100 ms after the last test
    /// and then kills it, in the middle of deleting hundreds of megabytes. So a watchdog outside the process, in a session
    /// of its own, waits for it to end and then stops the cluster and deletes the folder.</summary>
    private static void RemoveWhenThisProcessEnds(string bin, string root)
    {
        var removed = 0;
        void Remove()
        {
            if (Interlocked.Exchange(ref removed, 1) == 0)
                Stop(bin, root);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Remove();
        if (OperatingSystem.IsWindows())
            return;
        lock (SignalHandlers)
        {
            // Not cancelled: after the clean-up the signal ends the process as it would have.
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
                SignalHandlers.Add(PosixSignalRegistration.Create(signal, _ => Remove()));
        }
        if (StartTimeOf(Environment.ProcessId) is { } started)
            StartWatchdog(Environment.ProcessId, started, root, bin);
    }

    /// <summary>Starts a shell, detached in a session of its own (<c>setsid -f</c>, so that neither Ctrl+C nor killing the
    /// test host's process tree reaches it), that waits until process <paramref name="owner"/> (started at
    /// <paramref name="started"/>, so that a reused id does not count) is gone, then stops the cluster in
    /// <paramref name="root"/> and deletes the folder.</summary>
    internal static void StartWatchdog(int owner, string started, string root, string bin)
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            cd /
            owner=$1 started=$2 root=$3 bin=$4
            alive() {
              local stat
              stat=$(cat "/proc/$owner/stat" 2>/dev/null) || return 1
              set -- ${stat##*") "}
              [ "${20}" = "$started" ]
            }
            while alive; do sleep 1; done
            if [ -f "$root/data/postmaster.pid" ]; then
              if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$root/data" -m immediate -w stop
              else "$bin/pg_ctl" -D "$root/data" -m immediate -w stop; fi
            fi
            rm -rf "$root/data" && rm -rf "$root"
            """;
        using var setsid = Process.Start(new ProcessStartInfo("setsid",
            ["-f", "bash", "-c", script, "saas-test-pg-watchdog", owner.ToString(System.Globalization.CultureInfo.InvariantCulture), started, root, bin])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        setsid.WaitForExit();
    }

    /// <summary>When a process started, as the kernel counts it (field 22 of <c>/proc/&lt;pid&gt;/stat</c>): with the id, it
    /// names one process, where an id alone may since belong to another. Null without <c>/proc</c> or when the process is gone.</summary>
    internal static string? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2, in parentheses) may hold spaces: count from after it.
            return stat[(stat.LastIndexOf(") ", StringComparison.Ordinal) + 2)..].Split(' ')[19];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A run that was killed before it removed its cluster leaves it behind: stop those whose test process is gone,
    /// and delete their folders. A folder without an owner file is a deletion cut short or a start that failed at once;
    /// after an hour it is no one's.</summary>
    internal static void RemoveLeftoversOfDeadRuns()
    {
        var bin = FindServerBinaries();
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            // Another test run (another work tree, say) may be clearing the same folder at the same moment.
            try
            {
                var ownerFile = Path.Combine(folder, OwnerFile);
                var dead = File.Exists(ownerFile)
                    ? File.ReadAllText(ownerFile).Split(' ') is [var id, .. var rest] && int.TryParse(id, out var owner)
                        && !IsAlive(owner, rest.FirstOrDefault())
                    : Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1);
                if (!dead)
                    continue;
                if (bin is not null)
                    Stop(bin, folder);
                else
                    Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Whether the process is still there: the same id and, when it was written down, the same start time.</summary>
    private static bool IsAlive(int pid, string? started)
    {
        if (started is not null && File.Exists("/proc/self/stat"))
            return StartTimeOf(pid) == started;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
