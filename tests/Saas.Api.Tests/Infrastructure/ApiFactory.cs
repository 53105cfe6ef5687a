using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The real API on Kestrel (real HTTP on a free port) against a test database, with a partner client
/// and a frontend registered as configuration would, and real tokens for test users.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, ITestApi
{
    public const string PartnerId = TestSettings.PartnerId;
    public const string PartnerSecret = TestSettings.PartnerSecret;
    public const string FrontendId = TestSettings.FrontendId;
    public const string FrontendRedirect = TestSettings.FrontendRedirect;

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
        foreach (var (key, value) in TestSettings.For(_applicationConnectionString, BaseAddress, _ownerConnectionString, _settings))
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

    /// <summary>Creates an active user in the tenant and issues an access token for it. The e-mail is made up
    /// unless given (the same person may be a user of several tenants).</summary>
    public Task<string> UserTokenAsync(Guid tenantId, string role, Guid? employeeId = null, string? email = null)
    {
        StartServer();
        return TestUsers.TokenAsync(Services, tenantId, role, employeeId, email);
    }

    /// <summary>A client holding the test partner's token, obtained with client credentials.</summary>
    public Task<HttpClient> PartnerClientAsync() => ITestApi.AsPartnerAsync(Client());

    /// <summary>A tenant created directly in the database, belonging to the test partner.</summary>
    public Task<Guid> CreateTenantAsync(string locale = "ru")
    {
        StartServer();
        return TestUsers.CreateTenantAsync(Services, locale);
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
            if (logLevel >= LogLevel.Error && exception is not null)
                Unexpected.Record(category, exception);
        }
    }

    /// <summary>Exceptions the API logged as errors (an unexpected 500 among them), appended to the file that
    /// <c>SAAS_TEST_ERRORS_LOG</c> names: infra/dev/test prints it when a test fails, so that a 500 seen only on CI
    /// comes with its cause.</summary>
    private static class Unexpected
    {
        private static readonly string? LogFile = Environment.GetEnvironmentVariable("SAAS_TEST_ERRORS_LOG");
        private static readonly Lock Gate = new();

        public static void Record(string category, Exception exception)
        {
            if (string.IsNullOrEmpty(LogFile))
                return;
            lock (Gate)
                File.AppendAllText(LogFile, $"{DateTimeOffset.UtcNow:O} {category}: {exception}{Environment.NewLine}{Environment.NewLine}");
        }
    }
}
