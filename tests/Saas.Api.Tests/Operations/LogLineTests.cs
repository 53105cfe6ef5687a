using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

/// <summary>The log lines of the deployed API (<see cref="CompactJsonFormatter"/>): one JSON object a line, the message
/// once, its values and the scopes' values beside it.</summary>
public class LogLineTests
{
    private sealed class Options(JsonConsoleFormatterOptions value) : IOptionsMonitor<JsonConsoleFormatterOptions>
    {
        public JsonConsoleFormatterOptions CurrentValue => value;

        public JsonConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<JsonConsoleFormatterOptions, string?> listener) => null;
    }

    private static readonly JsonConsoleFormatterOptions Production = new()
    {
        IncludeScopes = true,
        TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ",
        UseUtcTimestamp = true,
    };

    private static JsonElement Line(LogEntry<IReadOnlyList<KeyValuePair<string, object?>>> entry, IExternalScopeProvider? scopes,
        JsonConsoleFormatterOptions? options = null)
    {
        using var text = new StringWriter();
        new CompactJsonFormatter(new Options(options ?? Production)).Write(entry, scopes, text);
        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return JsonDocument.Parse(lines[0]).RootElement.Clone();
    }

    private static LogEntry<IReadOnlyList<KeyValuePair<string, object?>>> Entry(string message, Exception? exception = null,
        params (string Name, object? Value)[] values) =>
        new(LogLevel.Warning, "Saas.Api.Example", new EventId(7, "Example"),
            [.. values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)), new("{OriginalFormat}", "the template")],
            exception, (_, _) => message);

    [Fact]
    public void A_line_says_the_message_once_with_its_values_and_leaves_the_template_out()
    {
        var tenant = Guid.NewGuid();
        var line = Line(Entry("GET /api/v1/teams answered 200 in 1.5 ms", null,
            ("Method", "GET"), ("StatusCode", 200), ("ElapsedMs", 1.5), ("TenantId", tenant), ("Missing", null), ("Cost", 12.34m)), null);

        Assert.Equal(["Timestamp", "EventId", "LogLevel", "Category", "Message", "State"], line.EnumerateObject().Select(p => p.Name));
        Assert.True(DateTimeOffset.TryParse(line.GetProperty("Timestamp").GetString(), out var at));
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(7, line.GetProperty("EventId").GetInt32());
        Assert.Equal("Warning", line.GetProperty("LogLevel").GetString());
        Assert.Equal("Saas.Api.Example", line.GetProperty("Category").GetString());
        Assert.Equal("GET /api/v1/teams answered 200 in 1.5 ms", line.GetProperty("Message").GetString());
        var state = line.GetProperty("State");
        Assert.Equal(["Method", "StatusCode", "ElapsedMs", "TenantId", "Missing", "Cost"], state.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, state.GetProperty("StatusCode").GetInt32());
        Assert.Equal(1.5, state.GetProperty("ElapsedMs").GetDouble());
        Assert.Equal(tenant, state.GetProperty("TenantId").GetGuid());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("Missing").ValueKind);
        Assert.Equal(12.34m, state.GetProperty("Cost").GetDecimal());
    }

    [Fact]
    public void The_scopes_values_go_under_one_object_and_the_innermost_wins_a_name_two_scopes_carry()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var request = scopes.Push(new Dictionary<string, object?> { ["TraceId"] = "4bf92f3577b34da6a3ce929d0e0e4736", ["TenantId"] = "outer" });
        using var tenant = scopes.Push(new Dictionary<string, object?> { ["TenantId"] = "inner" });
        using var words = scopes.Push("importing a CSV");

        var line = Line(Entry("done"), scopes);

        var written = line.GetProperty("Scopes");
        Assert.Equal(["TraceId", "TenantId", "Scope"], written.EnumerateObject().Select(p => p.Name));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", written.GetProperty("TraceId").GetString());
        Assert.Equal("inner", written.GetProperty("TenantId").GetString());
        Assert.Equal("importing a CSV", written.GetProperty("Scope").GetString());
        Assert.False(line.TryGetProperty("State", out _));
    }

    [Fact]
    public void An_exception_is_written_whole_and_scopes_only_when_the_settings_ask_for_them()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var request = scopes.Push(new Dictionary<string, object?> { ["TraceId"] = "t" });
        Exception thrown;
        try
        {
            throw new InvalidOperationException("Не удалось: \"quoted\"\nsecond line");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Line(Entry("failed", thrown, ("Rate", double.NaN)), scopes,
            new JsonConsoleFormatterOptions { IncludeScopes = false, TimestampFormat = null });

        Assert.Equal(["EventId", "LogLevel", "Category", "Message", "Exception", "State"], line.EnumerateObject().Select(p => p.Name));
        var exception = line.GetProperty("Exception").GetString()!;
        Assert.StartsWith("System.InvalidOperationException: Не удалось: \"quoted\"\nsecond line", exception);
        Assert.Contains(nameof(An_exception_is_written_whole_and_scopes_only_when_the_settings_ask_for_them), exception);
        Assert.Equal("NaN", line.GetProperty("State").GetProperty("Rate").GetString());
    }

    [Fact]
    public void A_line_without_a_message_or_an_exception_is_not_written()
    {
        using var text = new StringWriter();
        new CompactJsonFormatter(new Options(Production)).Write(
            new LogEntry<string>(LogLevel.Information, "c", default, "state", null, (_, _) => null!), null, text);
        Assert.Equal("", text.ToString());
    }

    [Fact]
    public async Task The_deployed_API_logs_each_request_as_one_line_with_its_status_trace_and_tenant()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiProcess(database);
        await api.StartAsync();
        var (tenant, adminToken) = await api.ProvisionTenantAsync();
        using var admin = api.Client(adminToken);
        var marker = $"/api/v1/teams?limit={Random.Shared.Next(2, 99)}";

        using var response = await admin.GetAsync(marker);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        JsonElement? line = null;
        await Polling.UntilAsync(() =>
        {
            line = api.Output().Split('\n')
                .Where(text => text.StartsWith('{') && text.Contains("\"GET /api/v1/teams answered 200"))
                .Select(text => (JsonElement?)JsonDocument.Parse(text).RootElement.Clone())
                .FirstOrDefault();
            return Task.FromResult(line is not null);
        }, "the request's log line", seconds: 10);
        var logged = line!.Value;
        Assert.Equal("Saas.Api.Infrastructure.Http.RequestLog", logged.GetProperty("Category").GetString());
        Assert.Equal(200, logged.GetProperty("State").GetProperty("StatusCode").GetInt32());
        Assert.Equal("/api/v1/teams", logged.GetProperty("State").GetProperty("Path").GetString());
        Assert.Equal(tenant, logged.GetProperty("State").GetProperty("TenantId").GetGuid());
        var scopes = logged.GetProperty("Scopes");
        Assert.Matches("^[0-9a-f]{32}$", scopes.GetProperty("TraceId").GetString());
        Assert.Equal("/api/v1/teams", scopes.GetProperty("RequestPath").GetString());
        Assert.DoesNotContain(marker, api.Output());
    }
}
