using System.Text;
using Npgsql;

namespace Saas.Bench;

/// <summary>Samples what the API's active backends wait for (<c>pg_stat_activity</c>), to tell CPU from lock,
/// WAL and I/O waits; only with <c>--profile</c>.</summary>
public sealed class WaitSampler
{
    private readonly NpgsqlConnection _db;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _counts = [];
    private Task? _loop;

    private WaitSampler(NpgsqlConnection db) => _db = db;

    public static async Task<WaitSampler> StartAsync(string connectionString)
    {
        var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var sampler = new WaitSampler(db);
        sampler._loop = Task.Run(sampler.LoopAsync);
        return sampler;
    }

    private async Task LoopAsync()
    {
        await using var command = new NpgsqlCommand("""
            select coalesce(wait_event_type || ': ' || wait_event, 'running'), count(*)
            from pg_stat_activity where usename = 'saas_app' and state = 'active' group by 1
            """, _db);
        await command.PrepareAsync();
        while (!_stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    _counts[reader.GetString(0)] = _counts.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
            }
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        await _db.DisposeAsync();
        var total = Math.Max(1, _counts.Values.Sum());
        var text = new StringBuilder("| state of an active backend | share of samples |\n| --- | ---: |\n");
        foreach (var (state, count) in _counts.OrderByDescending(p => p.Value))
            text.Append($"| {state} | {100.0 * count / total:F1} % |\n");
        return text.ToString();
    }
}
