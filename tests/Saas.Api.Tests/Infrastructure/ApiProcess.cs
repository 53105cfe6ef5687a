using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The API binary as it is deployed (<c>dotnet Saas.Api.dll</c>, Production), run as a child process on a free
/// port against a test database, with the test partner and frontend clients of <see cref="ApiFactory"/> registered by
/// configuration (or the clients the settings name instead). <see cref="Kill"/> is SIGKILL: no graceful shutdown, no finally blocks, nothing flushed.
/// <see cref="StartAsync"/> again starts a new process on the same port and database.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(45);

    private readonly TestDatabase _database;
    private readonly Dictionary<string, string> _settings;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private Process? _process;

    public ApiProcess(TestDatabase database, Dictionary<string, string>? settings = null)
    {
        _database = database;
        _settings = settings ?? [];
        Port = FreePort();
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Starts the binary and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("The API is already running.");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Saas.Api.dll"), "--urls", BaseAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Default"] = _database.PooledApplicationConnectionString(),
            ["ConnectionStrings__Migrations"] = "",
            ["Database__MigrateOnStartup"] = "false",
            ["Auth__Issuer"] = BaseAddress,
            ["DataProtection__Certificate__Path"] = TestKeyRing.CertificatePath,
            ["DataProtection__Certificate__Password"] = TestKeyRing.Password,
            ["Auth__ApiKeyEnvironment"] = "test",
            ["Auth__BootstrapClients__0__ClientId"] = ApiFactory.PartnerId,
            ["Auth__BootstrapClients__0__Secret"] = ApiFactory.PartnerSecret,
            ["Auth__BootstrapClients__0__Scopes__0"] = "partner",
            ["Auth__BootstrapClients__1__ClientId"] = ApiFactory.FrontendId,
            ["Auth__BootstrapClients__1__Scopes__0"] = "api",
            ["Auth__BootstrapClients__1__Scopes__1"] = "offline_access",
            ["Auth__BootstrapClients__1__RedirectUris__0"] = ApiFactory.FrontendRedirect,
            ["Auth__BootstrapClients__1__PartnerClientId"] = ApiFactory.PartnerId,
            ["RateLimits__PerTenantPerMinute"] = "100000",
            ["RateLimits__PerApiKeyPerMinute"] = "100000",
            ["RateLimits__PerClientPerMinute"] = "100000",
            ["RateLimits__AnonymousPerMinute"] = "100000",
        };
        // Settings that name bootstrap clients replace the test ones rather than merge into them by index.
        if (_settings.Keys.Any(key => key.StartsWith("Auth__BootstrapClients__", StringComparison.Ordinal)))
            foreach (var key in environment.Keys.Where(key => key.StartsWith("Auth__BootstrapClients__", StringComparison.Ordinal)).ToList())
                environment.Remove(key);
        foreach (var (key, value) in _settings)
            environment[key] = value;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyWithin)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} while starting:\n{Output()}");
            try
            {
                if ((await http.GetAsync(BaseAddress + "/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The API did not become ready within {ReadyWithin.TotalSeconds} s:\n{Output()}");
    }

    /// <summary>SIGTERM, as an orchestrator stops an instance, then waits until the process has exited and its output is read.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The API is not running.");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])
                          ?? throw new InvalidOperationException("kill did not start."))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL to the API process itself, then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The API is not running.");
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>Waits until the killed API's PostgreSQL sessions are gone, so that the database holds only what was
    /// committed: a backend learns that its client died only when it next talks to it, and a transaction it still had
    /// open is then rolled back.</summary>
    public async Task WaitForItsSessionsToEndAsync()
    {
        await using var connection = new NpgsqlConnection(_database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from pg_stat_activity where datname = current_database() and usename = '{TestDatabase.ApplicationRole}'", connection);
        var clock = Stopwatch.StartNew();
        while ((long)(await command.ExecuteScalarAsync())! > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
                throw new TimeoutException("The killed API's database sessions were still there after 15 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>The last lines the process wrote (JSON console logs), for failure messages.</summary>
    public string Output()
    {
        lock (_outputLock)
            return string.Join('\n', _output);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > 60)
                _output.Dequeue();
        }
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseAddress),
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>As a partner's frontend would: a partner token, a new tenant with its first admin, the admin's activation
    /// and sign-in (authorization code + PKCE). Returns the tenant and the admin's access token.</summary>
    public async Task<(Guid Tenant, string AdminToken)> ProvisionTenantAsync()
    {
        using var http = Client();
        var partnerToken = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ApiFactory.PartnerId,
            ["client_secret"] = ApiFactory.PartnerSecret,
        }));
        var partner = (await partnerToken.AssertStatusAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        using var partnerClient = Client(partner);
        var email = $"admin-{Guid.NewGuid():N}@crash.example";
        var created = await (await partnerClient.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name = "Crash safety",
            slug = "crash-" + Guid.NewGuid().ToString("N")[..8],
            currency = "RUB",
            timeZone = "Europe/Moscow",
            locale = "ru",
            admin = new { email, fullName = "Анна Петрова" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        const string password = "correct horse battery staple";
        await (await http.PostAsJsonAsync("/api/v1/auth/activate",
            new { activationToken = created.GetProperty("admin").GetProperty("activationToken").GetString(), password })).AssertStatusAsync(HttpStatusCode.OK);

        using var browser = Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var redirect = await BrowserSignIn.SignInAsync(browser, ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, email, password, "api");
        var tokens = await (await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ApiFactory.FrontendId,
            ["code"] = redirect["code"],
            ["redirect_uri"] = ApiFactory.FrontendRedirect,
            ["code_verifier"] = pkce.Verifier,
        }))).AssertStatusAsync(HttpStatusCode.OK);
        return (created.GetProperty("id").GetGuid(), tokens.GetProperty("access_token").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
