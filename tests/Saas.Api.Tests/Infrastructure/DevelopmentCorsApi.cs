namespace Saas.Api.Tests.Infrastructure;

/// <summary>The API on a socket with CORS as in development (<c>Cors:AllowHttpOrigins</c>): a browser page served over
/// plain http on loopback may call it. One database and host per test class.</summary>
public sealed class DevelopmentCorsApi : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Api = new ApiFactory(_database.PooledApplicationConnectionString(), settings: new() { ["Cors:AllowHttpOrigins"] = "true" });
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
