using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Saas.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Saas.Api.Tests.Operations;

/// <summary><c>infra/dev/run --cluster-only</c> and <c>infra/dev/stop</c>, copied into a folder only its owner may enter (as
/// <c>mktemp -d</c> makes one), start and stop the development cluster. As root that is the case that failed: the server
/// runs as <c>postgres</c>, which cannot enter the checkout, so the cluster lives under /var/lib/saas-dev behind the link
/// .data/pg, and pg_ctl must be given the real path. As any other user the server runs as that user, enters the folder,
/// and .data/pg is the cluster itself.</summary>
public class DevClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_dev_cluster_starts_and_stops_from_a_checkout_in_a_folder_only_its_owner_may_enter()
    {
        var checkout = Directory.CreateTempSubdirectory("saas-dev-cluster-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(checkout, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var scripts = Directory.CreateDirectory(Path.Combine(checkout, "infra", "dev")).FullName;
        foreach (var name in new[] { "lib.sh", "run", "stop" })
            File.Copy(Path.Combine(Script.RepositoryRoot, "infra", "dev", name), Path.Combine(scripts, name));
        // Where infra/dev/run puts the cluster when postgres cannot reach the checkout (as root only).
        var linked = $"/var/lib/saas-dev/{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(checkout)))[..12]}";
        var port = FreePort();
        var environment = new Dictionary<string, string> { ["SAAS_DEV_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var root = Environment.UserName == "root";
        output.WriteLine(root
            ? $"As root: the cluster of {checkout} should live in {linked}/pg, linked from .data/pg"
            : $"As {Environment.UserName}: the server runs as this user, and .data/pg is a folder of the checkout");
        try
        {
            if (root)
                Assert.False(PostgresCanEnter(checkout), $"postgres can enter {checkout}, so this is not the case under test");

            var (started, startOutput) = await Script.RunAsync(Path.Combine(scripts, "run"), ["--cluster-only"], environment, Bound, checkout);
            output.WriteLine(startOutput);
            Assert.True(started == 0, $"infra/dev/run --cluster-only failed ({started}):\n{startOutput}");

            var data = new DirectoryInfo(Path.Combine(checkout, ".data", "pg"));
            var realPath = root ? $"{linked}/pg" : data.FullName;
            Assert.Equal(root ? realPath : null, data.LinkTarget);

            // The server answers on the port, as the superuser with the password the run generated, from the real folder.
            await using (var connection = new NpgsqlConnection(SuperuserConnection(checkout, port)))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select current_setting('data_directory')", connection);
                Assert.Equal(realPath, (string?)await command.ExecuteScalarAsync());
            }

            var (stopped, stopOutput) = await Script.RunAsync(Path.Combine(scripts, "stop"), [], environment, Bound, checkout);
            output.WriteLine(stopOutput);
            Assert.True(stopped == 0, $"infra/dev/stop failed ({stopped}):\n{stopOutput}");
            Assert.Contains("server stopped", stopOutput);
            Assert.False(File.Exists(Path.Combine(realPath, "postmaster.pid")), "the cluster still has a postmaster.pid");
            await using (var connection = new NpgsqlConnection(SuperuserConnection(checkout, port)))
                await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        }
        finally
        {
            // Whatever happened: the cluster stopped (stop says so when it is not running), the copy and its cluster gone.
            if (File.Exists(Path.Combine(scripts, "stop")))
                await Script.RunAsync(Path.Combine(scripts, "stop"), [], environment, Bound, checkout);
            if (root && Directory.Exists(linked))
                Directory.Delete(linked, recursive: true);
            Directory.Delete(checkout, recursive: true);
        }
    }

    private static bool PostgresCanEnter(string folder)
    {
        using var test = Process.Start(new ProcessStartInfo("runuser", ["-u", "postgres", "--", "test", "-x", folder]) { WorkingDirectory = "/" })!;
        test.WaitForExit();
        return test.ExitCode == 0;
    }

    private static string SuperuserConnection(string checkout, int port)
    {
        var password = File.ReadLines(Path.Combine(checkout, ".data", "dev-secrets.env"))
            .Single(line => line.StartsWith("PG_SUPERUSER_PASSWORD=", StringComparison.Ordinal))["PG_SUPERUSER_PASSWORD=".Length..];
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
