using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Saas.Bench;

/// <summary>The totals of one pass of requests, as the API reported them.</summary>
public sealed class PassResult
{
    public int Requests;
    public long Received;
    public long Accepted;
    public long Duplicates;
    public long Rejected;
    public int Throttled;
    public readonly List<string> Errors = [];
    public readonly List<double> LatenciesMs = [];
    public double WallSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
            return 0;
        var sorted = LatenciesMs.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }
}

/// <summary>Posts pre-serialized bodies to <c>POST /api/v1/actuals/events</c> from several concurrent clients, each
/// taking the next body when its previous request is answered (a closed loop, as integrations retrying in order do).</summary>
public sealed class Sender(Uri api, int clients) : IDisposable
{
    private const string Path = "/api/v1/actuals/events";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = api,
        Timeout = TimeSpan.FromMinutes(10),
    };

    public async Task<PassResult> SendAsync(string apiKey, IReadOnlyList<byte[]> bodies, IReadOnlyList<int> order, string label,
        CancellationToken cancellationToken)
    {
        var result = new PassResult();
        var next = -1;
        var done = 0;
        var clock = Stopwatch.StartNew();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), progressStop.Token);
                    var sent = Volatile.Read(ref done);
                    Console.Error.WriteLine($"    {label}: {sent}/{order.Count} requests, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        async Task Worker()
        {
            while (true)
            {
                var position = Interlocked.Increment(ref next);
                if (position >= order.Count)
                    return;
                var (outcome, ms) = await PostAsync(apiKey, bodies[order[position]], cancellationToken);
                lock (result)
                {
                    result.Requests++;
                    result.LatenciesMs.Add(ms);
                    result.Throttled += outcome.Throttled;
                    if (outcome.Error is { } error)
                    {
                        result.Errors.Add($"request {order[position]}: {error}");
                    }
                    else
                    {
                        result.Received += outcome.Received;
                        result.Accepted += outcome.Accepted;
                        result.Duplicates += outcome.Duplicates;
                        result.Rejected += outcome.Rejected;
                        if (outcome.Rejected > 0 && result.Errors.Count < 5)
                            result.Errors.Add($"request {order[position]}: {outcome.Rejected} events rejected, e.g. {outcome.FirstRejection}");
                    }
                }
                Interlocked.Increment(ref done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Worker, cancellationToken)));
        result.WallSeconds = clock.Elapsed.TotalSeconds;
        await progressStop.CancelAsync();
        await progress;
        return result;
    }

    private sealed record Outcome(long Received, long Accepted, long Duplicates, long Rejected, string? FirstRejection, int Throttled, string? Error);

    private async Task<(Outcome Outcome, double Ms)> PostAsync(string apiKey, byte[] body, CancellationToken cancellationToken)
    {
        var throttled = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Add("X-Api-Key", apiKey);
            HttpResponseMessage response;
            byte[] answer;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                return (new Outcome(0, 0, 0, 0, null, throttled, "no answer: " + e.Message), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // The benchmark raises the limits; a 429 means they were not raised enough, and it is reported.
                    throttled++;
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var text = Encoding.UTF8.GetString(answer);
                    return (new Outcome(0, 0, 0, 0, null, throttled, $"HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}"), ms);
                }
            }
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            var rejected = root.GetProperty("rejectedCount").GetInt64();
            var first = rejected > 0 && root.GetProperty("rejected").GetArrayLength() > 0 ? root.GetProperty("rejected")[0].GetRawText() : null;
            return (new Outcome(root.GetProperty("received").GetInt64(), root.GetProperty("accepted").GetInt64(),
                root.GetProperty("duplicates").GetInt64(), rejected, first, throttled, null), ms);
        }
    }

    public void Dispose() => _http.Dispose();
}
