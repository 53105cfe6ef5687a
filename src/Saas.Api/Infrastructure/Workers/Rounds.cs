namespace Saas.Api.Infrastructure.Workers;

/// <summary>The loop of a background worker that works in rounds: one round at once, then one each
/// interval until the host stops. A round that fails (the database away for a moment) is reported
/// and the next one tries again; stopping ends the loop quietly. The heartbeat beats as each round starts and ends.</summary>
public static class Rounds
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Heartbeat heartbeat, Func<CancellationToken, Task> round,
        Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            heartbeat.Beat();
            try
            {
                await round(stoppingToken);
                heartbeat.Beat();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failed(e);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
