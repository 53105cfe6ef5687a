using System.Diagnostics;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The test run's throwaway cluster does not outlive the run: a watchdog outside the test process removes it when
/// the process ends however it ends (SIGKILL included), and the next run removes what a dead run left, knowing the owner
/// by its id and start time, so that a reused id does not keep a folder forever.</summary>
public class TestPostgresCleanupTests
{
    [Fact]
    public async Task The_watchdog_removes_the_folder_once_its_owner_is_killed_and_not_before()
    {
        using var owner = Process.Start("sleep", "120");
        var root = Directory.CreateTempSubdirectory("saas-watchdog-test-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "data", "PG_VERSION"), "15");
        try
        {
            TestPostgres.StartWatchdog(owner.Id, TestPostgres.StartTimeOf(owner.Id)!, root, "/nonexistent");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(Directory.Exists(root), "the watchdog removed the folder while its owner was alive");

            owner.Kill();
            await owner.WaitForExitAsync();
            var clock = Stopwatch.StartNew();
            while (Directory.Exists(root) && clock.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(100);
            Assert.False(Directory.Exists(root), "the folder was still there 15 s after its owner was killed");
        }
        finally
        {
            if (!owner.HasExited)
                owner.Kill();
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_run_removes_the_folders_of_dead_owners_and_of_reused_ids_but_not_of_live_ones()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        var self = $"{Environment.ProcessId} {TestPostgres.StartTimeOf(Environment.ProcessId)}";
        var dead = Leftover($"{gone.Id} 12345");
        var reused = Leftover($"{Environment.ProcessId} 1"); // this process's id, written by a process started at another time
        var live = Leftover(self);
        try
        {
            TestPostgres.RemoveLeftoversOfDeadRuns();

            Assert.False(Directory.Exists(dead), "the folder of a process that is gone stayed");
            Assert.False(Directory.Exists(reused), "the folder of an earlier owner of a reused process id stayed");
            Assert.True(Directory.Exists(live), "the folder of a live run was removed");
        }
        finally
        {
            foreach (var folder in new[] { dead, reused, live }.Where(Directory.Exists))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A folder as a test run leaves it (no cluster running in it), owned as <paramref name="owner"/> says.</summary>
    private static string Leftover(string owner)
    {
        var root = Path.Combine(Path.GetTempPath(), "saas-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "owner.pid"), owner);
        return root;
    }
}
