using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The PostgreSQL server the tests use: a superuser connection string from
/// <c>SAAS_TEST_DATABASE_ADMIN</c>, or else a throwaway cluster started once per test run in a temporary
/// folder on a free port (initdb/pg_ctl; as root the server runs as the <c>postgres</c> system user).</summary>
public static class TestPostgres
{
    private const string AdminVariable = "SAAS_TEST_DATABASE_ADMIN";
    private const string FolderPrefix = "saas-test-pg-";
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
        File.WriteAllText(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (IsRoot && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111); // the postgres user creates its data folder here

        var data = Path.Combine(root, "data");
        Run(bin, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        var port = FreePort();
        Run(bin, "pg_ctl", ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c max_connections=400", "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, root);

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

    private static void Stop(string bin, string root)
    {
        try
        {
            Run(bin, "pg_ctl", ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder still goes.
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A run that was killed leaves its cluster running; stop those whose test process is gone.</summary>
    private static void RemoveLeftoversOfDeadRuns()
    {
        var bin = FindServerBinaries();
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            // Another test run (another work tree, say) may be clearing the same folder at the same moment.
            try
            {
                var ownerFile = Path.Combine(folder, "owner.pid");
                if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
                    continue;
                if (bin is not null && File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                    Stop(bin, folder);
                else
                    Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
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
