using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alba;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A running API that the route-driven suites call with plain HTTP clients (they build requests from the route table
/// and the OpenAPI document): in memory (<see cref="AlbaApi"/>) or on a socket (<see cref="ApiFactory"/>).</summary>
public interface ITestApi
{
    IServiceProvider Services { get; }

    CapturedLogs Logs { get; }

    /// <summary>A client; with a tenant, acting as a new user of it with the role, holding a real access token.</summary>
    HttpClient Client(Guid? tenant = null, string role = "admin", Guid? employeeId = null, string? email = null);

    Task<string> UserTokenAsync(Guid tenantId, string role, Guid? employeeId = null, string? email = null);

    Task<Guid> CreateTenantAsync(string locale = "ru");

    /// <summary>A client holding the test partner's token, obtained with client credentials.</summary>
    Task<HttpClient> PartnerClientAsync();

    /// <summary>Gives the client the test partner's token, obtained with client credentials at the token endpoint.</summary>
    static async Task<HttpClient> AsPartnerAsync(HttpClient client)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestSettings.PartnerId,
            ["client_secret"] = TestSettings.PartnerSecret,
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>The Alba host as an <see cref="ITestApi"/>: clients over its TestServer.</summary>
public sealed class AlbaApi(IAlbaHost host, CapturedLogs logs) : ITestApi
{
    public IServiceProvider Services => host.Services;

    public CapturedLogs Logs => logs;

    public HttpClient Client(Guid? tenant = null, string role = "admin", Guid? employeeId = null, string? email = null)
    {
        var client = host.Server.CreateClient();
        client.BaseAddress = new Uri(ApiFixture.HostAddress);
        if (tenant is { } id)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UserTokenAsync(id, role, employeeId, email).GetAwaiter().GetResult());
        return client;
    }

    public Task<string> UserTokenAsync(Guid tenantId, string role, Guid? employeeId = null, string? email = null) =>
        TestUsers.TokenAsync(Services, tenantId, role, employeeId, email);

    public Task<Guid> CreateTenantAsync(string locale = "ru") => TestUsers.CreateTenantAsync(Services, locale);

    public Task<HttpClient> PartnerClientAsync() => ITestApi.AsPartnerAsync(Client());
}
