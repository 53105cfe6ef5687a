using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Workers;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements;

public sealed class CalculationOptions
{
    public const string Section = "Calculations";

    /// <summary>A running job whose worker sent no heartbeat for this long (it crashed, it was killed) is claimed again. A
    /// worker passes it to <c>claim_calculation_job</c>, which keeps it on the job it claims, so that what counts is the
    /// interval of the job's own worker; that worker sends a heartbeat eight times within it.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Runs calculation jobs on every instance. Jobs are rows: a worker claims one with <c>FOR UPDATE SKIP LOCKED</c>
/// (so instances never take the same job), sends a heartbeat while it runs, and a job whose worker stopped sending
/// them (a crash, a deploy) is claimed again after the staleness that worker stated (<see cref="CalculationOptions.StaleAfter"/>):
/// recomputing is safe, because a statement whose inputs did not change is not stored again.</summary>
public sealed partial class CalculationWorker(PlatformDb platform, StatementCalculation calculation, IOptions<CalculationOptions> options,
    WorkerHeartbeats heartbeats, ILogger<CalculationWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _staleAfter = options.Value.StaleAfter;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly Heartbeat _heartbeat = heartbeats.Start("calculations");

    private sealed record Claimed(Guid TenantId, Guid JobId, string Period);

    /// <summary>A job was queued on this instance: look now rather than at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            _heartbeat.Beat();
            Claimed? job = null;
            try
            {
                await using (var work = await platform.BeginAsync(stoppingToken))
                {
                    job = await work.QuerySingleOrDefaultAsync<Claimed>("select tenant_id, job_id, period from claim_calculation_job(@worker, @staleAfter)",
                        new { worker = _name, staleAfter = _staleAfter });
                    await work.CommitAsync();
                }
                if (job is not null)
                {
                    using var beating = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var heartbeat = BeatAsync(job, beating.Token);
                    await calculation.RunAsync(job.TenantId, job.JobId, Period.Parse(job.Period), _name, stoppingToken);
                    await beating.CancelAsync();
                    await heartbeat;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be down for a moment; the job, if any, will be claimed again when it is stale.
                LogClaimFailed(logger, e);
            }
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            idle.CancelAfter(IdlePoll);
            try
            {
                await _wake.Reader.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task BeatAsync(Claimed job, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_staleAfter / 8, cancellationToken);
                // One failed beat (a full pool, a database blip) must not end the heartbeat: seven more fit in the interval.
                try
                {
                    await using var work = await platform.BeginForTenantAsync(job.TenantId, cancellationToken);
                    await work.ExecuteAsync("""
                        update calculation_jobs set heartbeat_at = now() where tenant_id = @TenantId and id = @JobId and status = 'running' and worker = @worker
                        """, new { work.TenantId, job.JobId, worker = _name });
                    await work.CommitAsync();
                    // A long job is progress, not a hang, for as long as its heartbeat reaches the database.
                    _heartbeat.Beat();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogBeatFailed(logger, job.JobId, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the heartbeat of calculation job {JobId}")]
    private static partial void LogBeatFailed(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim a calculation job")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
