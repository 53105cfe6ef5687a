namespace Saas.Api.Tests.Infrastructure;

/// <summary>One database and the API on Kestrel (real HTTP on a free port) per test class, for tests that call it with an
/// <see cref="HttpClient"/> over a socket. Tests that need nothing of a socket use <see cref="ApiFixture"/> (Alba).</summary>
public class KestrelFixture : IAsyncLifetime
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

/// <summary>The API on Kestrel with the fast background workers of <see cref="LiveApiFixture"/>.</summary>
public sealed class LiveKestrelFixture : KestrelFixture
{
    protected override Dictionary<string, string?> Settings => LiveApiFixture.LiveSettings;
}
