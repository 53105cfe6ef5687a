using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The repository's shell scripts run as a developer runs them: bash, the given environment on top of this one,
/// output (stdout and stderr together) kept for the assertion message.</summary>
public static class Script
{
    /// <summary>The repository's root: this file's folder is tests/Saas.Api.Tests/Infrastructure.</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(SourceFolder(), "..", "..", ".."));

    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash", [script, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                throw new TimeoutException($"{script} did not end within {timeout.TotalSeconds} s:\n{output}");
        }
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
