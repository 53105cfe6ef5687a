using Microsoft.Extensions.Configuration;
using Saas.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Saas.Api.Tests.Operations;

/// <summary>The README's runnable examples (getting a partner's and a user's token, posting actuals with an API key, reading
/// a statement) run as pasted, by <c>infra/checks/readme</c>, against the API binary served on a free port with the clients
/// that appsettings.Development.json registers (<c>dev-partner</c>, <c>swagger-ui</c>), read from that file.</summary>
public class ReadmeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_readme_examples_run_as_pasted_against_a_running_api()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiProcess(database, DevelopmentClients());
        await api.StartAsync();

        var (exitCode, log) = await Script.RunAsync(Path.Combine(Script.RepositoryRoot, "infra", "checks", "readme"), [],
            new Dictionary<string, string> { ["API_URL"] = api.BaseAddress }, TimeSpan.FromMinutes(5));

        output.WriteLine(log);
        Assert.True(exitCode == 0, $"infra/checks/readme failed ({exitCode}):\n{log}\nThe API's last lines:\n{api.Output()}");
        Assert.Contains("README blocks passed", log);
    }

    /// <summary><c>Auth:BootstrapClients</c> of the Development settings as environment variables.</summary>
    private static Dictionary<string, string> DevelopmentClients()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Script.RepositoryRoot, "src", "Saas.Api", "appsettings.Development.json"))
            .Build();
        var clients = development.GetSection("Auth:BootstrapClients").AsEnumerable()
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!);
        Assert.Contains(clients, client => client.Value == "dev-partner");
        return clients;
    }
}
