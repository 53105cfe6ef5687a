using System.Buffers;

namespace Saas.Api.Infrastructure.Telemetry;

/// <summary>Log lines to a stream (stdout) in batches, from a thread of its own: a caller copies its line into the batch
/// and goes on; the thread wakes when a batch starts, lets it gather for <see cref="Gather"/>, and writes it with one
/// call. The framework's console logger woke its thread and wrote once for every line, and its queue's lock was nearly
/// all of the API's lock contention under load (ADR 0029). Nothing is dropped while the stream takes what it is given:
/// when it cannot keep up and <see cref="MaxPendingBytes"/> wait, callers wait too.</summary>
public sealed class LogLineWriter : IDisposable
{
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    public const int MaxPendingBytes = 4 * 1024 * 1024;

    public static readonly TimeSpan LastBatchWithin = TimeSpan.FromSeconds(1.5);

    private const int BatchBytes = 64 * 1024;

    private readonly Stream _output;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _batchStarted = new(0);
    private readonly Thread _thread;
    private ArrayBufferWriter<byte> _pending = new(BatchBytes);
    private ArrayBufferWriter<byte> _writing = new(BatchBytes);
    private bool _stopping;
    private bool _stopped;

    public LogLineWriter(Stream output)
    {
        _output = output;
        _thread = new Thread(WriteBatches) { IsBackground = true, Name = "Log line writer" };
        _thread.Start();
    }

    /// <summary>Adds whole lines to the next batch.</summary>
    public void Append(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
            return;
        lock (_gate)
        {
            while (!_stopped && _pending.WrittenCount >= MaxPendingBytes)
                Monitor.Wait(_gate);
            if (_stopped)
            {
                // Logged while the host stops, after the last batch: written at once, and in order, under the lock.
                WriteOut(lines);
                return;
            }
            var starts = _pending.WrittenCount == 0;
            _pending.Write(lines);
            if (starts)
                _batchStarted.Release();
        }
    }

    private void WriteBatches()
    {
        while (true)
        {
            _batchStarted.Wait();
            if (!Volatile.Read(ref _stopping))
                Thread.Sleep(Gather);
            bool stopping;
            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
                stopping = _stopping;
                Monitor.PulseAll(_gate);
            }
            WriteOut(_writing.WrittenSpan);
            _writing.ResetWrittenCount();
            if (_writing.Capacity > 16 * BatchBytes)
                _writing = new ArrayBufferWriter<byte>(BatchBytes);
            if (stopping)
                return;
        }
    }

    private void WriteOut(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
            return;
        try
        {
            _output.Write(lines);
            _output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // stdout is gone (its reader closed the pipe): there is nowhere left to write a line, or an error about it.
        }
    }

    /// <summary>Writes what is waiting and stops the thread; lines logged after that are written as they come. Waits for the
    /// last batch at most <see cref="LastBatchWithin"/>, as the console logger did for its queue: a stdout that does not take
    /// it must not hold the process from exiting.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
        }
        _batchStarted.Release();
        if (!_thread.Join(LastBatchWithin))
            return;
        lock (_gate)
        {
            // What came between the thread's last batch and now.
            WriteOut(_pending.WrittenSpan);
            _pending.ResetWrittenCount();
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }
}
