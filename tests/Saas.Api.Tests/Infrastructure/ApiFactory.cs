using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The real API on Kestrel (real HTTP on a free port) against a test database, with a partner client
/// and a frontend registered as configuration would, and real tokens for test users.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string PartnerId = "test-partner";
    public const string PartnerSecret = "test-partner-secret-0123456789";
    public const string FrontendId = "test-frontend";
    public const string FrontendRedirect = "http://127.0.0.1/callback";

    private readonly string _applicationConnectionString;
    private readonly string? _ownerConnectionString;
    private readonly Dictionary<string, string?> _settings;
    private readonly int _port = FreePort();

    public ApiFactory(string applicationConnectionString, string? ownerConnectionString = null, Dictionary<string, string?>? settings = null)
    {
        _applicationConnectionString = applicationConnectionString;
        _ownerConnectionString = ownerConnectionString;
        _settings = settings ?? [];
        UseKestrel(_port);
    }

    public string BaseAddress => $"http://127.0.0.1:{_port}";

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = _applicationConnectionString,
            ["ConnectionStrings:Migrations"] = _ownerConnectionString ?? "",
            ["Database:MigrateOnStartup"] = _ownerConnectionString is null ? "false" : "true",
            ["Auth:Issuer"] = BaseAddress,
            ["Auth:ApiKeyEnvironment"] = "test",
            ["Auth:BootstrapClients:0:ClientId"] = PartnerId,
            ["Auth:BootstrapClients:0:Secret"] = PartnerSecret,
            ["Auth:BootstrapClients:0:Scopes:0"] = "partner",
            ["Auth:BootstrapClients:1:ClientId"] = FrontendId,
            ["Auth:BootstrapClients:1:Scopes:0"] = "api",
            ["Auth:BootstrapClients:1:Scopes:1"] = "offline_access",
            ["Auth:BootstrapClients:1:Scopes:2"] = "openid",
            ["Auth:BootstrapClients:1:RedirectUris:0"] = FrontendRedirect,
            ["Auth:BootstrapClients:1:PartnerClientId"] = PartnerId,
            // Generous limits: tests that exercise the limiter set their own.
            ["RateLimits:PerTenantPerMinute"] = "100000",
            ["RateLimits:PerApiKeyPerMinute"] = "100000",
            ["RateLimits:PerClientPerMinute"] = "100000",
            ["RateLimits:AnonymousPerMinute"] = "100000",
        };
        foreach (var (key, value) in _settings)
            settings[key] = value;
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
    }

    /// <summary>An HTTP client against the running server; with a tenant, it acts as a user of that tenant with
    /// the given role, holding a real access token from the token issuer.</summary>
    public HttpClient Client(Guid? tenant = null, string role = "admin", Guid? employeeId = null, string? email = null)
    {
        StartServer();
        // A plain HttpClient over the network, like any client: cookies kept (the sign-in form's antiforgery
        // cookie), redirects not followed (the authorization response is the redirect).
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseAddress),
        };
        if (tenant is { } id)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UserTokenAsync(id, role, employeeId, email).GetAwaiter().GetResult());
        return client;
    }

    /// <summary>Creates an active user with a session in the tenant and issues an access token for it. The e-mail is made up
    /// unless given (the same person may be a user of several tenants).</summary>
    public async Task<string> UserTokenAsync(Guid tenantId, string role, Guid? employeeId = null, string? email = null)
    {
        StartServer();
        var userId = Guid.CreateVersion7();
        var sessionId = Guid.CreateVersion7();
        await using (var work = await UnitOfWork.BeginAsync(Services.GetRequiredService<NpgsqlDataSource>(), tenantId, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, employee_id, status, password_hash)
                values (@tenantId, @userId, @email, 'Test User', @role, @employeeId, 'active', null);
                insert into sessions (tenant_id, id, user_id, client_id, scopes) values (@tenantId, @sessionId, @userId, @client, '{api}');
                """, new { tenantId, userId, sessionId, role, employeeId, email = email ?? $"{role}-{userId:N}@test.example", client = FrontendId });
            await work.CommitAsync();
        }
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Tenant] = tenantId.ToString(),
            [ClaimNames.Role] = role,
            [ClaimNames.Session] = sessionId.ToString(),
        };
        if (employeeId is { } employee)
            claims[ClaimNames.Employee] = employee.ToString();
        var token = await Services.GetRequiredService<TokenIssuer>().IssueAsync(userId.ToString(), FrontendId, [Scopes.Api], claims, CancellationToken.None);
        return token.Value;
    }

    /// <summary>A client holding the test partner's token, obtained with client credentials.</summary>
    public async Task<HttpClient> PartnerClientAsync()
    {
        var client = Client();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = PartnerId,
            ["client_secret"] = PartnerSecret,
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A tenant created directly in the database, belonging to the test partner.</summary>
    public async Task<Guid> CreateTenantAsync(string locale = "ru")
    {
        StartServer();
        var id = Guid.CreateVersion7();
        await using var work = await UnitOfWork.BeginAsync(Services.GetRequiredService<NpgsqlDataSource>(), id, CancellationToken.None);
        await work.ExecuteAsync("""
            insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
            values (@id, @slug, @name, 'RUB', 'Europe/Moscow', @locale, @partner);
            insert into tenant_settings (tenant_id, settings) values (@id, @settings::jsonb);
            """, new
        {
            id,
            slug = "t-" + id.ToString("N")[^12..],
            name = "Tenant " + id.ToString("N")[^6..],
            locale,
            partner = PartnerId,
            settings = Saas.Api.Features.Tenant.TenantSettings.Defaults(locale).ToJson(),
        });
        await work.CommitAsync();
        return id;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Collects log entries with their scopes, so tests can check what was logged and with which trace id.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, item) in pairs)
                        values[key] = item;
            }, scope);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception, scope));
        }
    }
}
