namespace Saas.Api.Tests.Infrastructure;

/// <summary>One database and one running API per test class.</summary>
public class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Api = new ApiFactory(Database.PooledApplicationConnectionString());
    }

    public virtual async Task DisposeAsync() => await Api.DisposeAsync();

    public Task<Guid> CreateTenantAsync(string locale = "ru") => Api.CreateTenantAsync(locale);
}
