using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>One database and one API per test class. <see cref="Host"/> is the API in memory (Alba on TestServer), which
/// tests call with scenarios; <see cref="Api"/> the same application on Kestrel, started only by a test that needs a real
/// socket (a browser, a body larger than the server takes, several instances).</summary>
public class ApiFixture : IAsyncLifetime
{
    /// <summary>The address the in-memory host answers at, and so its token issuer.</summary>
    public const string HostAddress = "http://localhost";

    public TestDatabase Database { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The in-memory host for suites that call it with plain HTTP clients.</summary>
    public ITestApi Http => _http ??= new AlbaApi(Host, Logs);

    private AlbaApi? _http;

    public ApiFactory Api => _api ??= new ApiFactory(Database.PooledApplicationConnectionString(), settings: Settings);

    private ApiFactory? _api;

    public CapturedLogs Logs { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in TestSettings.For(Database.PooledApplicationConnectionString(), HostAddress, overrides: Settings))
                builder.UseSetting(key, value);
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(Logs);
            });
            builder.ConfigureTestServices(ConfigureServices);
        });
    }

    /// <summary>Configuration of the API that a test class needs on top of the defaults.</summary>
    protected virtual Dictionary<string, string?>? Settings => null;

    /// <summary>Services a test class puts in place of the API's own (a fake language model), after the API registered its.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_api is not null)
            await _api.DisposeAsync();
    }

    public Task<Guid> CreateTenantAsync(string locale = "ru") => TestUsers.CreateTenantAsync(Host.Services, locale);

    /// <summary>An access token of a new active user of the tenant (see <see cref="TestUsers.TokenAsync"/>).</summary>
    public Task<string> TokenAsync(Guid tenant, string role = "admin", Guid? employeeId = null, string? email = null) =>
        TestUsers.TokenAsync(Host.Services, tenant, role, employeeId, email);

    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();
}

/// <summary>An API whose background workers run fast: webhooks to loopback over http with short back-offs, and the SLA
/// watch polling several times a second.</summary>
public sealed class LiveApiFixture : ApiFixture
{
    public static readonly Dictionary<string, string?> LiveSettings = new()
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Webhooks:RetryWindow"] = "00:00:03",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Sla:BreachPollInterval"] = "00:00:00.200",
        // Small batches, so that two instances take turns on the same tenant's leads.
        ["Sla:BatchSize"] = "10",
    };

    protected override Dictionary<string, string?> Settings => LiveSettings;
}
