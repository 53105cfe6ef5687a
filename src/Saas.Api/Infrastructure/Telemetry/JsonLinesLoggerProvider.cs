using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Saas.Api.Infrastructure.Telemetry;

/// <summary>The API's logs outside Development: a <see cref="JsonLogLine"/> a message, written to stdout in batches by a
/// <see cref="LogLineWriter"/> (ADR 0029). It takes the console logger's place and name, so that the level settings under
/// <c>Logging:Console</c> still apply.</summary>
[ProviderAlias("Console")]
public sealed class JsonLinesLoggerProvider(LogLineWriter writer) : ILoggerProvider, ISupportExternalScope
{
    private const int KeptLineBytes = 16 * 1024;

    // A line is formatted on the thread that logs, then copied into the batch before the call returns.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_line;

    private IExternalScopeProvider? _scopes;

    /// <summary>Replaces the console logger with this provider on stdout.</summary>
    public static void ReplaceConsoleLogger(ILoggingBuilder logging)
    {
        foreach (var console in logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            logging.Services.Remove(console);
        logging.Services.AddSingleton<ILoggerProvider>(_ => new JsonLinesLoggerProvider(new LogLineWriter(Console.OpenStandardOutput())));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => writer.Dispose();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var line = t_line ??= new ArrayBufferWriter<byte>(1024);
        line.ResetWrittenCount();
        JsonLogLine.Write(line, entry, _scopes, DateTimeOffset.UtcNow);
        writer.Append(line.WrittenSpan);
        // A long exception's buffer is not kept for the thread's every later line.
        if (line.Capacity > KeptLineBytes)
            t_line = null;
    }

    private sealed class Logger(string category, JsonLinesLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}
