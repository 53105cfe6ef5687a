using System.Collections.Concurrent;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Gives each request a <see cref="HttpContext.RequestAborted"/> of its own, cancelled by <see cref="ClientGoneCanceller"/>
/// when the client goes away, rather than the server's, which is cancelled on a thread-pool thread. Npgsql cancels a running command
/// inside the token's callback, synchronously: it opens a connection to PostgreSQL, sends the cancel request and waits for the
/// server to close it (npgsql issue 3696). When many clients went at once (the end of a benchmark's run of 64 connections; a
/// load balancer's failover in production), those callbacks took every pool thread, and the instance answered nothing, not even
/// <c>/health/live</c>, for about a second, until the thread pool had grown.</summary>
public sealed class ClientGone(RequestDelegate next, ClientGoneCanceller canceller)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // Not disposed: the canceller may cancel it after the request has ended, and a source without a timer holds nothing.
        var gone = new CancellationTokenSource();
        // A client gone before the request started leaves nothing registered on the token yet to cancel: at once, then.
        if (http.RequestAborted.IsCancellationRequested)
            gone.Cancel();
        using (http.RequestAborted.UnsafeRegister(static state => Later(state!), (canceller, gone)))
        {
            http.RequestAborted = gone.Token;
            await next(http);
        }
    }

    private static void Later(object state)
    {
        var (canceller, gone) = ((ClientGoneCanceller, CancellationTokenSource))state;
        canceller.Cancel(gone);
    }
}

/// <summary>Cancels the tokens of requests whose clients went away, one after another on a thread of its own (see
/// <see cref="ClientGone"/>): a slow cancellation delays the next, and never a request that still has a client.</summary>
public sealed partial class ClientGoneCanceller : IDisposable
{
    private readonly BlockingCollection<CancellationTokenSource> _gone = new();
    private readonly ILogger<ClientGoneCanceller> _logger;

    public ClientGoneCanceller(ILogger<ClientGoneCanceller> logger)
    {
        _logger = logger;
        new Thread(CancelEach) { IsBackground = true, Name = "client-gone" }.Start();
    }

    public void Cancel(CancellationTokenSource gone)
    {
        try
        {
            _gone.Add(gone);
        }
        catch (InvalidOperationException)
        {
            // Stopping: no thread is left to take it.
            gone.Cancel();
        }
    }

    private void CancelEach()
    {
        foreach (var gone in _gone.GetConsumingEnumerable())
        {
            try
            {
                gone.Cancel();
            }
            // What a callback throws must not end this thread, which would end the process.
            catch (Exception e)
            {
                LogCancellationFailed(_logger, e);
            }
        }
        _gone.Dispose();
    }

    public void Dispose() => _gone.CompleteAdding();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling the work of a request whose client went away failed")]
    private static partial void LogCancellationFailed(ILogger logger, Exception exception);
}
