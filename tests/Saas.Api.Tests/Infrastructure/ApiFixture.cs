namespace Saas.Api.Tests.Infrastructure;

/// <summary>One database and one running API per test class.</summary>
public class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Api = new ApiFactory(Database.PooledApplicationConnectionString(), settings: Settings);
    }

    /// <summary>Configuration of the API that a test class needs on top of the defaults.</summary>
    protected virtual Dictionary<string, string?>? Settings => null;

    public virtual async Task DisposeAsync() => await Api.DisposeAsync();

    public Task<Guid> CreateTenantAsync(string locale = "ru") => Api.CreateTenantAsync(locale);
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
