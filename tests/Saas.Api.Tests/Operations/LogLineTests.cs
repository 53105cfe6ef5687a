using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

/// <summary>The log lines of the deployed API (<see cref="JsonLogLine"/>, <see cref="LogLineWriter"/>,
/// <see cref="JsonLinesLoggerProvider"/>): one JSON object a line, the message once, its values and the scopes' values
/// beside it, written to stdout in batches and never lost.</summary>
public class LogLineTests
{
    private static JsonElement Line(LogEntry<IReadOnlyList<KeyValuePair<string, object?>>> entry, IExternalScopeProvider? scopes)
    {
        var output = new ArrayBufferWriter<byte>();
        JsonLogLine.Write(output, entry, scopes, DateTimeOffset.UtcNow);
        var lines = Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.EndsWith("\n", Encoding.UTF8.GetString(output.WrittenSpan));
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
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line.GetProperty("Timestamp").GetString());
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
    public void An_exception_is_written_whole_on_its_one_line()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("Не удалось: \"quoted\"\nsecond line");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Line(Entry("failed", thrown, ("Rate", double.NaN)), new LoggerExternalScopeProvider());

        Assert.Equal(["Timestamp", "EventId", "LogLevel", "Category", "Message", "Exception", "State"], line.EnumerateObject().Select(p => p.Name));
        var exception = line.GetProperty("Exception").GetString()!;
        Assert.StartsWith("System.InvalidOperationException: Не удалось: \"quoted\"\nsecond line", exception);
        Assert.Contains(nameof(An_exception_is_written_whole_on_its_one_line), exception);
        Assert.Equal("NaN", line.GetProperty("State").GetProperty("Rate").GetString());
    }

    [Fact]
    public void A_line_without_a_message_or_an_exception_is_not_written()
    {
        var output = new ArrayBufferWriter<byte>();
        JsonLogLine.Write(output, new LogEntry<string>(LogLevel.Information, "c", default, "state", null, (_, _) => null!), null, DateTimeOffset.UtcNow);
        Assert.Equal(0, output.WrittenCount);
    }

    /// <summary>A stream that records each write, and can hold writers back until it is let go.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _open = new(true);

        public int Writes { get; private set; }

        public bool Broken { get; init; }

        public void Hold() => _open.Reset();

        public void LetGo() => _open.Set();

        public string Text
        {
            get
            {
                lock (_written)
                    return Encoding.UTF8.GetString(_written.ToArray());
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _open.Wait();
            if (Broken)
                throw new IOException("Broken pipe");
            lock (_written)
            {
                _written.Write(buffer);
                Writes++;
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Lines_from_many_threads_arrive_whole_each_once_and_in_each_threads_order_in_a_few_writes()
    {
        var stream = new RecordingStream();
        var writer = new LogLineWriter(stream);
        const int Threads = 8, LinesEach = 2_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < LinesEach; i++)
                writer.Append(Encoding.UTF8.GetBytes($"{{\"thread\":{thread},\"line\":{i},\"text\":\"{new string('x', i % 300)}\"}}\n"));
        })));
        writer.Dispose();

        var lines = stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Threads * LinesEach, lines.Count);
        foreach (var thread in lines.GroupBy(l => l.GetProperty("thread").GetInt32()))
            Assert.Equal(Enumerable.Range(0, LinesEach), thread.Select(l => l.GetProperty("line").GetInt32()));
        Assert.InRange(stream.Writes, 1, Threads * LinesEach / 20);
    }

    [Fact]
    public async Task Callers_wait_while_the_output_is_stuck_and_the_waiting_lines_are_full_and_nothing_is_lost()
    {
        var stream = new RecordingStream();
        stream.Hold();
        var writer = new LogLineWriter(stream);
        var line = Encoding.UTF8.GetBytes(new string('y', 1023) + "\n");
        var lines = 2 * LogLineWriter.MaxPendingBytes / line.Length + 10;

        var appended = 0;
        var logging = Task.Run(() =>
        {
            for (var i = 0; i < lines; i++)
            {
                writer.Append(line);
                Interlocked.Increment(ref appended);
            }
        });
        // Until the caller has started and then stops getting anywhere: then it is waiting, not slow. Before its first line
        // it may not have been scheduled yet (a CI run's thread pool, busy with the other test classes, left it at 0 for 300 ms).
        var seen = -1;
        for (var polls = 0; polls < 100; polls++)
        {
            var now = Volatile.Read(ref appended);
            if (now > 0 && now == seen)
                break;
            seen = now;
            await Task.Delay(300);
        }
        Assert.False(logging.IsCompleted, "with the output stuck, a caller waits once the waiting lines are full");
        Assert.InRange(seen, 1, lines - 1);

        stream.LetGo();
        await logging.WaitAsync(TimeSpan.FromSeconds(30));
        writer.Dispose();
        Assert.Equal(lines * line.Length, stream.Text.Length);
    }

    [Fact]
    public void A_broken_output_costs_the_caller_nothing_and_a_line_after_the_stop_is_written_at_once()
    {
        var broken = new RecordingStream { Broken = true };
        using (var writer = new LogLineWriter(broken))
            writer.Append("{\"lost\":true}\n"u8);

        var stream = new RecordingStream();
        var stopped = new LogLineWriter(stream);
        stopped.Append("{\"first\":true}\n"u8);
        stopped.Dispose();
        stopped.Append("{\"after\":true}\n"u8);
        Assert.Equal("{\"first\":true}\n{\"after\":true}\n", stream.Text);
    }

    [Fact]
    public void The_provider_writes_a_logged_message_with_its_scopes_and_leaves_out_what_the_console_settings_filter()
    {
        var stream = new RecordingStream();
        // The console logger's level settings, which the provider's alias keeps.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Console:LogLevel:Quiet"] = "Warning",
        }).Build();
        // The provider is the host's to dispose (a factory given an instance does not): disposing it writes what waits.
        using (var provider = new JsonLinesLoggerProvider(new LogLineWriter(stream)))
        using (var factory = LoggerFactory.Create(logging =>
               {
                   logging.AddConfiguration(settings.GetSection("Logging"));
                   logging.AddProvider(provider);
               }))
        {
            var logger = factory.CreateLogger("Saas.Api.Example");
            using (logger.BeginScope(new Dictionary<string, object?> { ["TenantId"] = "t-1" }))
                logger.LogInformation("Imported {Count} leads", 3);
            factory.CreateLogger("Quiet").LogInformation("not written");
        }

        var line = Assert.Single(stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var logged = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Imported 3 leads", logged.GetProperty("Message").GetString());
        Assert.Equal(3, logged.GetProperty("State").GetProperty("Count").GetInt32());
        Assert.Equal("t-1", logged.GetProperty("Scopes").GetProperty("TenantId").GetString());
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
        // Every line is ours: the console logger, had it stayed, would have written its own lines beside them.
        Assert.All(api.Output().Split('\n', StringSplitOptions.RemoveEmptyEntries),
            text => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind));
    }

    [Fact]
    public async Task A_clean_stop_writes_the_lines_logged_while_stopping()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiProcess(database);
        await api.StartAsync();

        await api.StopAsync();

        // Logged when the stop begins: the deployed binary still writes it to stdout after SIGTERM. The host's stop outlasts
        // the 20 ms gather, so the writer's thread writes it; that disposal flushes what is left is shown by
        // The_provider_writes_a_logged_message_with_its_scopes_and_leaves_out_what_the_console_settings_filter.
        Assert.Contains(api.Output().Split('\n'), text => text.StartsWith('{')
            && text.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"") && text.Contains("\"Message\":\"Application is shutting down...\""));
    }
}
