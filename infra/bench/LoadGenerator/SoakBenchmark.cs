using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using static Saas.Bench.BenchDb;

namespace Saas.Bench;

public sealed record SoakOptions(
    Uri Api, string Db, int ApiPid, int PostmasterPid, string PartnerId, string PartnerSecret, string FrontendId, string RedirectUri, int Minutes,
    int WarmupMinutes, int Clients, int Batch, int EventsPerSecond, int Readers, int ReadsPerSecond, int CalculationSeconds, int Employees, string Period,
    int Seed, int SampleSeconds, string Report)
{
    public static SoakOptions? Parse(string[] args) => BenchArgs.Parse("soak", args,
        a => new SoakOptions(new Uri(a.Required("api")), a.Required("db"), a.Number("api-pid", 0), a.Number("postmaster-pid", 0), a.Required("partner-id"),
            a.Required("partner-secret"), a.Required("frontend-id"), a.Required("redirect-uri"), a.Number("minutes", 10), a.Number("warmup-minutes", 2),
            a.Number("clients", 2), a.Number("batch", 500), a.Number("events-per-second", 2000), a.Number("readers", 2), a.Number("reads-per-second", 10),
            a.Number("calculation-seconds", 30), a.Number("employees", 200), a.Text("period", "2026-10"), a.Number("seed", 42),
            a.Number("sample-seconds", 5), a.Required("report")),
        o => o.Minutes <= o.WarmupMinutes || o.WarmupMinutes < 1 || o.Clients < 1 || o.Batch is < 1 or > 5000 || o.EventsPerSecond < 1 || o.Readers < 1
             || o.ReadsPerSecond < 1 || o.CalculationSeconds < 1 || o.Employees < 2 || o.SampleSeconds < 1 || o.ApiPid <= 0 || !BenchArgs.IsMonth(o.Period)
            ? "--minutes > --warmup-minutes ≥ 1, --clients ≥ 1, --batch 1..5000, --events-per-second ≥ 1, --readers ≥ 1, " +
              "--reads-per-second ≥ 1, --calculation-seconds ≥ 1, --employees ≥ 2, --sample-seconds ≥ 1, --api-pid, --period a month like 2026-10"
            : null);
}

/// <summary>infra/bench/soak: a mixed load held for minutes against one API process — batches of events through an API key,
/// reads of the tenant, employees, events, reports and statements with an admin's token, and a period calculation queued
/// every half minute — then the checks: no 5xx (or unanswered) request, every event acknowledged as accepted is stored,
/// and the API's retained memory after the warm-up stays within 10 % of its level at the end of the warm-up.</summary>
/// <remarks>Retained memory is a minute's lowest resident set: the server GC commits and releases 40 to 110 MB as it goes
/// (measured with dotnet-counters) while the live heap stays at about 22 MB (dotnet-gcdump at minutes 6 and 13), so a
/// minute's highest sample says where the saw-tooth happened to be, and comparing highest with highest misses or meets
/// by chance. What a leak adds stays through every collection and lifts the troughs: the lowest sample of each later
/// minute is held to the lowest of the warm-up's last. The peaks are reported beside it.</remarks>
public static class SoakBenchmark
{
    private const double RssGrowthLimit = 1.10;

    /// <summary>Issue 22: every report while ingestion runs.</summary>
    private const double ReportP99LimitMs = 2000;
    private static readonly TimeSpan JobsFinishWithin = TimeSpan.FromMinutes(5);

    private static void Step(string message) => Console.Error.WriteLine($"  - {message}");

    /// <summary>Answers by kind of request (ingest, a read's name, calculation) and status; 0 is "no answer".</summary>
    private sealed class Tally
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, Dictionary<int, int>> _statuses = [];
        private readonly Dictionary<string, List<double>> _latencies = [];

        public void Record(string kind, int status, double ms)
        {
            lock (_lock)
            {
                if (!_statuses.TryGetValue(kind, out var byStatus))
                {
                    _statuses[kind] = byStatus = [];
                    _latencies[kind] = [];
                }
                byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                _latencies[kind].Add(ms);
            }
        }

        public int Count(Func<int, bool> status)
        {
            lock (_lock)
                return _statuses.Values.Sum(s => s.Where(p => status(p.Key)).Sum(p => p.Value));
        }

        public List<(string Kind, int Requests, string Statuses, double P50, double P95, double P99, double Max)> Rows()
        {
            lock (_lock)
                return _statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
                {
                    var sorted = _latencies[p.Key].Order().ToList();
                    double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
                    var statuses = string.Join(", ", p.Value.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))} × {N(s.Value)}"));
                    return (p.Key, p.Value.Values.Sum(), statuses, At(0.5), At(0.95), At(0.99), sorted[^1]);
                }).ToList();
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = SoakOptions.Parse(args);
        if (o is null)
            return 2;
        var periodStart = DateOnly.ParseExact(o.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;

        Step("provisioning a tenant through the API (partner token, POST /partner/tenants) and signing in as its admin (activation, authorization code + PKCE)");
        var slug = "bench-soak-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var (tenant, session) = await ReportsBenchmark.SignInAsync(o.Api, o.PartnerId, o.PartnerSecret, o.FrontendId, o.RedirectUri, slug, "Soak: бенчмарк");
        using var admin = session;
        await using var db = await Open(o.Db);
        var employees = Provisioning.MakeEmployees(o.Employees, o.Seed);
        await Provisioning.CreateEmployeesAsync(db, tenant, employees);
        var key = await Provisioning.CreateApiKeyAsync(db, tenant);
        await new StatementsData(o.Seed, periodStart, periodStart.AddMonths(1), now).CreatePlanAsync(db, tenant);
        Step($"tenant {tenant} ({slug}): {o.Employees} sales managers with amoCRM and Bitrix24 ids, an active plan around {o.Period}, an actuals:write key");

        var tally = new Tally();
        long accepted = 0, duplicates = 0, rejected = 0, eventsSent = 0;
        var jobs = new HashSet<Guid>();
        var samples = new List<(double Seconds, double Mb)>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var cpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        cpu.Start();

        // Bodies made ahead by one producer: one generator, so that lead ids never repeat; a prefix per chunk keeps external ids unique.
        var bodies = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4 * o.Clients) { SingleWriter = true });
        var generator = new EventGenerator(o.Seed, employees);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var chunk = 0; ; chunk++)
                    foreach (var body in Bodies.Serialize(generator.Generate(o.Batch * 10, $"s{chunk}-"), o.Batch))
                        await bodies.Writer.WriteAsync(body, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });

        using var integration = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = o.Api,
            Timeout = TimeSpan.FromMinutes(2),
        };
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);

        // Each client posts a batch at its own steady rate; a slow answer delays only its own next batch.
        async Task IngestAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)o.Clients * o.Batch / o.EventsPerSecond));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var body = await bodies.Reader.ReadAsync(stop.Token);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        using var response = await integration.PostAsync("/api/v1/actuals/events", content, CancellationToken.None);
                        var answer = await response.Content.ReadAsStringAsync(CancellationToken.None);
                        tally.Record("ingest: POST /actuals/events", (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            using var json = JsonDocument.Parse(answer);
                            Interlocked.Add(ref accepted, json.RootElement.GetProperty("accepted").GetInt64());
                            Interlocked.Add(ref duplicates, json.RootElement.GetProperty("duplicates").GetInt64());
                            Interlocked.Add(ref rejected, json.RootElement.GetProperty("rejectedCount").GetInt64());
                        }
                        else if ((int)response.StatusCode >= 500)
                        {
                            Step($"ingest: {(int)response.StatusCode} {answer[..Math.Min(answer.Length, 300)]}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        tally.Record("ingest: POST /actuals/events", 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Step($"ingest: no answer: {e.Message}");
                    }
                    Interlocked.Add(ref eventsSent, o.Batch);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        var reads = new (string Name, string Path)[]
        {
            ("GET /tenant", "/api/v1/tenant"),
            ("GET /employees", "/api/v1/employees?limit=50"),
            ("GET /actuals/events", "/api/v1/actuals/events?limit=100"),
            ("GET /reports/funnel", $"/api/v1/reports/funnel?period={o.Period}"),
            ("GET /sla/first-response", $"/api/v1/sla/first-response?period={o.Period}&groupBy=employee"),
            ("GET /reports/disqualifications", $"/api/v1/reports/disqualifications?period={o.Period}&groupBy=campaign"),
            ("GET /statements", $"/api/v1/statements?period={o.Period}&limit=50"),
        };
        var nextRead = -1;
        async Task ReadAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)o.Readers / o.ReadsPerSecond));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var (name, path) = reads[(Interlocked.Increment(ref nextRead) & int.MaxValue) % reads.Length];
                    await RequestAsync("read: " + name, HttpMethod.Get, path);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task<(HttpStatusCode Status, string Body)> RequestAsync(string kind, HttpMethod method, string path)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var (status, body, ms) = await admin.SendAsync(method, path);
                tally.Record(kind, (int)status, ms);
                if ((int)status >= 500)
                    Step($"{kind}: {(int)status} {body[..Math.Min(body.Length, 300)]}");
                return (status, body);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                tally.Record(kind, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Step($"{kind}: no answer: {e.Message}");
                return (0, "");
            }
        }

        async Task CalculateAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.CalculationSeconds));
            try
            {
                do
                {
                    var (status, body) = await RequestAsync("calculation: POST /periods/{period}/calculations", HttpMethod.Post,
                        $"/api/v1/periods/{o.Period}/calculations");
                    if (status == HttpStatusCode.Accepted)
                    {
                        using var json = JsonDocument.Parse(body);
                        lock (jobs)
                            jobs.Add(json.RootElement.GetProperty("id").GetGuid());
                    }
                }
                while (await timer.WaitForNextTickAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task SampleAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.SampleSeconds));
            var lastReport = 0.0;
            try
            {
                do
                {
                    var rss = ProcessStats.StatusMb(o.ApiPid, "VmRSS");
                    if (rss is { } mb)
                        samples.Add((clock.Elapsed.TotalSeconds, mb));
                    cpu.Sample();
                    if (clock.Elapsed.TotalSeconds - lastReport >= 30)
                    {
                        lastReport = clock.Elapsed.TotalSeconds;
                        Step($"{clock.Elapsed:mm\\:ss}: {N(Interlocked.Read(ref accepted))} events accepted, {N(tally.Count(_ => true))} requests, " +
                             $"{tally.Count(s => s >= 500 || s == 0)} 5xx or unanswered; API RSS {(rss is { } now ? $"{now:F0} MB" : "unknown")}");
                    }
                }
                while (await timer.WaitForNextTickAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }

        Step($"{o.Minutes} minutes of mixed load: {o.Clients} clients posting {o.Batch}-event batches ({N(o.EventsPerSecond)} events/s in all), " +
             $"{o.Readers} readers ({o.ReadsPerSecond} reads/s in all), a calculation of {o.Period} queued every {o.CalculationSeconds} s; " +
             $"the API's VmRSS sampled every {o.SampleSeconds} s");
        var load = new List<Task> { Task.Run(SampleAsync), Task.Run(CalculateAsync) };
        load.AddRange(Enumerable.Range(0, o.Clients).Select(_ => Task.Run(IngestAsync)));
        load.AddRange(Enumerable.Range(0, o.Readers).Select(_ => Task.Run(ReadAsync)));
        stop.CancelAfter(TimeSpan.FromMinutes(o.Minutes));
        await Task.WhenAll(load); // requests in flight at the end are answered before this returns
        await producer;
        var loadSeconds = clock.Elapsed.TotalSeconds;
        cpu.Stop();
        var peakMb = ProcessStats.StatusMb(o.ApiPid, "VmHWM");

        Step($"load stopped after {loadSeconds:F0} s; waiting for the {jobs.Count} calculation jobs to finish");
        var jobStates = new Dictionary<Guid, string>();
        var waiting = Stopwatch.StartNew();
        foreach (var job in jobs)
        {
            string state;
            do
            {
                var (status, body) = await RequestAsync("calculation: GET /jobs/{id}", HttpMethod.Get, $"/api/v1/jobs/{job}");
                state = status == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()! : $"HTTP {(int)status}";
                if (state is "queued" or "running")
                    await Task.Delay(500);
            }
            while (state is "queued" or "running" && waiting.Elapsed < JobsFinishWithin);
            jobStates[job] = state;
        }

        var stored = await Scalar<long>(db, "select count(*) from events where tenant_id = $1", tenant);
        // What a report shows at once, however far the lead-facts worker is behind: the period's leads by their first
        // lead.created, counted from the events.
        var (funnelStatus, funnelBody) = await RequestAsync("check: GET /reports/funnel", HttpMethod.Get, $"/api/v1/reports/funnel?period={o.Period}");
        var funnelLeads = funnelStatus == HttpStatusCode.OK ? JsonDocument.Parse(funnelBody).RootElement.GetProperty("total").GetProperty("leads").GetInt64() : -1;
        var eventLeads = await Scalar<long>(db, """
            select count(*) from (
                select lead_id from events where tenant_id = $1 and type = 'lead.created' and lead_id is not null
                group by lead_id
                having min(occurred_at) >= ($2::timestamp at time zone 'Europe/Moscow') and min(occurred_at) < ($3::timestamp at time zone 'Europe/Moscow')) l
            """, tenant, periodStart.ToDateTime(TimeOnly.MinValue), periodStart.AddMonths(1).ToDateTime(TimeOnly.MinValue));
        var reports = tally.Rows().Where(r => r.Kind.StartsWith("read: GET /reports/", StringComparison.Ordinal)
            || r.Kind.StartsWith("read: GET /sla/", StringComparison.Ordinal)).ToList();
        var lastWarmupMinute = samples.Where(s => s.Seconds >= (o.WarmupMinutes - 1) * 60 && s.Seconds < o.WarmupMinutes * 60).ToList();
        var level = lastWarmupMinute.Count == 0 ? double.NaN : lastWarmupMinute.Min(s => s.Mb);
        var after = samples.Where(s => s.Seconds >= o.WarmupMinutes * 60).ToList();
        // A minute cut short at the end of the load holds too few samples to have a trough.
        var minutesAfter = after.GroupBy(s => (int)(s.Seconds / 60)).Where(minute => minute.Count() * o.SampleSeconds >= 30).ToList();
        var troughAfter = minutesAfter.Count == 0 ? double.NaN : minutesAfter.Max(minute => minute.Min(s => s.Mb));
        var ratio = troughAfter / level;
        var peakRatio = after.Count == 0 || lastWarmupMinute.Count == 0 ? double.NaN : after.Max(s => s.Mb) / lastWarmupMinute.Max(s => s.Mb);
        var serverErrors = tally.Count(s => s >= 500);
        var unanswered = tally.Count(s => s == 0);
        var succeeded = jobStates.Values.Count(s => s == "succeeded");

        var checks = new List<(string Check, string Target, string Measured, bool Met)>
        {
            ("server errors", "no 5xx, no unanswered request", $"{serverErrors} 5xx and {unanswered} unanswered of {N(tally.Count(_ => true))} requests",
                serverErrors == 0 && unanswered == 0),
            ("lost events", "events acknowledged as accepted = rows stored for the tenant",
                $"{N(accepted)} accepted, {N(stored)} rows: {N(Math.Max(0, accepted - stored))} lost, {N(Math.Max(0, stored - accepted))} stored though " +
                $"not acknowledged (a request the client gave up on); {N(duplicates)} duplicates, {N(rejected)} rejected reported",
                stored >= accepted && rejected == 0),
            ($"API memory after minute {o.WarmupMinutes}", $"each later minute's lowest VmRSS ≤ {RssGrowthLimit:P0} of minute {o.WarmupMinutes}'s lowest",
                after.Count == 0 || lastWarmupMinute.Count == 0 ? "no samples in or after the warm-up's last minute"
                    : $"{level:F0} MB in minute {o.WarmupMinutes}, highest later minute's lowest {troughAfter:F0} MB: {ratio:F3}× " +
                      $"(peaks, for comparison: {peakRatio:F3}×)",
                after.Count > 0 && lastWarmupMinute.Count > 0 && ratio <= RssGrowthLimit),
            ("reports during ingestion", $"p99 of each report ≤ {N(ReportP99LimitMs)} ms",
                string.Join("; ", reports.Select(r => $"{r.Kind["read: GET ".Length..]} p99 {N(r.P99)} ms (max {N(r.Max)} ms)")),
                reports.Count > 0 && reports.All(r => r.P99 <= ReportP99LimitMs)),
            ("reports show every acknowledged event", "the funnel's leads after the load = the period's leads counted in the events",
                $"{N(funnelLeads)} in the funnel, {N(eventLeads)} in the events", funnelLeads == eventLeads),
            ("calculations", "every queued job succeeded", $"{succeeded} of {jobStates.Count} succeeded" +
                (succeeded == jobStates.Count ? "" : ": " + string.Join(", ", jobStates.Values.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))),
                jobStates.Count > 0 && succeeded == jobStates.Count),
        };
        foreach (var (check, _, measured, met) in checks)
            Step($"{check}: {measured}: {(met ? "met" : "MISSED")}");

        await File.WriteAllTextAsync(o.Report, Markdown(o, tenant, checks, tally, samples, loadSeconds, eventsSent, accepted, peakMb, cpu));
        return checks.All(c => c.Met) ? 0 : 3;
    }

    private static string N(double value) => value.ToString("N0", new NumberFormatInfo { NumberGroupSeparator = " ", NumberDecimalSeparator = "." });

    private static string Markdown(SoakOptions o, Guid tenant, List<(string Check, string Target, string Measured, bool Met)> checks, Tally tally,
        List<(double Seconds, double Mb)> samples, double loadSeconds, long eventsSent, long accepted, double? peakMb, CpuMeter cpu)
    {
        var t = new StringBuilder();
        t.AppendLine("| check | target | measured | |");
        t.AppendLine("| --- | --- | --- | --- |");
        foreach (var (check, target, measured, met) in checks)
            t.AppendLine($"| {check} | {target} | {measured} | {(met ? "met" : "**MISSED**")} |");
        var others = cpu.Others / (loadSeconds * Environment.ProcessorCount);
        if (others > 0.1)
            t.AppendLine($"\n**Noisy run:** other processes used {others:P0} of the CPU during the load; the API and PostgreSQL had the rest.");
        t.AppendLine();
        t.AppendLine("Requests by kind, with their statuses and latencies (from sending to having read the whole answer):");
        t.AppendLine();
        t.AppendLine("| request | count | statuses | p50 | p95 | p99 | max |");
        t.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var (kind, requests, statuses, p50, p95, p99, max) in tally.Rows())
            t.AppendLine($"| {kind} | {N(requests)} | {statuses} | {N(p50)} ms | {N(p95)} ms | {N(p99)} ms | {N(max)} ms |");
        t.AppendLine();
        t.AppendLine($"The API's resident set (VmRSS, sampled every {o.SampleSeconds} s), by minute of the load:");
        t.AppendLine();
        t.AppendLine("| minute | min | max |");
        t.AppendLine("| ---: | ---: | ---: |");
        foreach (var minute in samples.GroupBy(s => (int)(s.Seconds / 60)).OrderBy(g => g.Key))
            t.AppendLine($"| {minute.Key + 1} | {minute.Min(s => s.Mb):F0} MB | {minute.Max(s => s.Mb):F0} MB |");
        t.AppendLine();
        t.AppendLine("Details:");
        t.AppendLine();
        t.AppendLine($"- Tenant {tenant}: provisioned by a partner through the API and signed in to as its admin (authorization code + PKCE); " +
            $"{o.Employees} sales managers with amoCRM and Bitrix24 ids, an active plan around {o.Period} and an `actuals:write` API key, in the database.");
        t.AppendLine($"- Ingestion: {o.Clients} clients, each posting a batch of {o.Batch} events at a steady pace ({N(o.EventsPerSecond)} events/s in all " +
            $"asked); {N(eventsSent)} events sent in {loadSeconds:F0} s ({N(eventsSent / loadSeconds)} a second), {N(accepted)} accepted. Seeded lead " +
            $"funnels from two CRMs (seed {o.Seed}) over 2026, unique external ids.");
        t.AppendLine($"- Reads: {o.Readers} readers, {o.ReadsPerSecond} reads/s in all, in turn: the tenant, employees, the events list, the funnel, " +
            $"first-response and disqualification reports and the statements of {o.Period}, with the admin's access token (refreshed every 7 minutes).");
        t.AppendLine($"- Calculations: `POST /api/v1/periods/{o.Period}/calculations` every {o.CalculationSeconds} s (a request while one is queued or " +
            "running answers that job); each job then polled until it finished.");
        var firstAfter = samples.FirstOrDefault(s => s.Seconds >= o.WarmupMinutes * 60);
        t.AppendLine($"- Memory: VmRSS of the API process every {o.SampleSeconds} s; the level at minute {o.WarmupMinutes} is the lowest sample of that " +
            "minute, what the GC's commit saw-tooth leaves (its peaks are where the saw-tooth happened to be)" +
            (firstAfter.Mb > 0 ? $"; against the first sample at {o.WarmupMinutes} min alone ({firstAfter.Mb:F0} MB) the later maximum is " +
                $"{samples.Where(s => s.Seconds > firstAfter.Seconds).DefaultIfEmpty(firstAfter).Max(s => s.Mb) / firstAfter.Mb:F3}×. " : ". ") +
            $"Peak over the process's life (VmHWM, start-up and provisioning included): {(peakMb is { } peak ? $"{peak:F0} MB" : "unknown")}.");
        t.AppendLine($"- CPU during the load: {cpu.Describe(loadSeconds)}.");
        return t.ToString();
    }
}
