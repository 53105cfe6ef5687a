using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The real API on Kestrel (real HTTP on a free port) against a test database.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _applicationConnectionString;
    private readonly string? _ownerConnectionString;
    private readonly Dictionary<string, string?> _settings;

    public ApiFactory(string applicationConnectionString, string? ownerConnectionString = null, Dictionary<string, string?>? settings = null)
    {
        _applicationConnectionString = applicationConnectionString;
        _ownerConnectionString = ownerConnectionString;
        _settings = settings ?? [];
        UseKestrel(0);
    }

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", _applicationConnectionString);
        builder.UseSetting("ConnectionStrings:Migrations", _ownerConnectionString ?? "");
        builder.UseSetting("Database:MigrateOnStartup", _ownerConnectionString is null ? "false" : "true");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        });
    }

    /// <summary>An HTTP client against the running server, optionally acting as a tenant user.</summary>
    public HttpClient Client(Guid? tenant = null, string role = "admin")
    {
        StartServer();
        var client = CreateClient();
        if (tenant is { } id)
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, $"tenant={id};role={role}");
        return client;
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
