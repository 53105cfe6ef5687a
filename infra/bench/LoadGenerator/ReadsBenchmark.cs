using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Saas.Bench.BenchDb;

namespace Saas.Bench;

/// <summary>The reports benchmark's options (its data and sign-in) and the read load's own.</summary>
public sealed record ReadsOptions(ReportsOptions Reports, int Seconds, int Connections, int Threads, int EachSeconds, int WarmUpSeconds)
{
    public static ReadsOptions? Parse(string[] args) => BenchArgs.Parse("reads", args,
        a => new ReadsOptions(
            new ReportsOptions(new Uri(a.Required("api")), a.Required("db"), a.Required("app-db"), a.Number("api-pid", 0), a.Number("postmaster-pid", 0),
                a.Text("server-log", ""), a.Required("partner-id"), a.Required("partner-secret"), a.Required("frontend-id"), a.Required("redirect-uri"),
                a.Number("leads", 100_000), 12, a.Text("period", "2026-10"), a.Number("seed", 42), 1, a.Required("report")),
            a.Number("duration", 30), a.Number("connections", 64), a.Number("threads", 2), a.Number("each", 0), a.Number("warm-up", 15)),
        o => o.Reports.Leads < 1 || o.Seconds < 1 || o.EachSeconds < 0 || o.WarmUpSeconds < 0 || o.Connections < 1 || o.Threads < 1 || !BenchArgs.IsMonth(o.Reports.Period)
            ? "--leads ≥ 1, --duration ≥ 1, --each ≥ 0, --warm-up ≥ 0, --connections ≥ 1, --threads ≥ 1, --period a month like 2026-10"
            : null);
}

/// <summary>infra/bench/reads: a mixed read load on the API (an admin's GETs of tenant, staff, plans, events and
/// statements, in turns; the month's reports have their own benchmark, infra/bench/reports) by wrk, against an empty Minimal API endpoint served by this process under the
/// same wrk settings: DESIGN.md's ceiling of about 55 000 requests a second on the 2-core machine.</summary>
public static partial class ReadsBenchmark
{
    private static void Step(string message) => Console.Error.WriteLine($"  - {message}");

    private sealed record WrkResult(long Requests, double Seconds, long Non2xx, long SocketErrors, double P50Ms, double P99Ms)
    {
        public double Rate => Requests / Seconds;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (ReadsOptions.Parse(args) is not { } options)
            return 2;
        var (o, seconds, connections, threads, eachSeconds, warmUpSeconds) = options;
        var (leads, period) = (o.Leads, o.Period);

        var periodStart = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var periodEnd = periodStart.AddMonths(1);
        Step("provisioning a tenant through the API and signing in as its admin");
        var slug = "bench-reads-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var (tenant, session) = await ReportsBenchmark.SignInAsync(o.Api, o.PartnerId, o.PartnerSecret, o.FrontendId, o.RedirectUri, slug, "Чтение: бенчмарк");
        using (session)
        {
            await using var db = await Open(o.Db);
            var data = new ReportsData(o.Seed, periodStart.AddMonths(-11), periodEnd, DateTimeOffset.UtcNow);
            data.MakeStaff();
            await data.CreateStaffAsync(db, tenant);
            await data.CreateSpendAsync(db, tenant);
            await new StatementsData(o.Seed, periodStart, periodEnd, DateTimeOffset.UtcNow).CreatePlanAsync(db, tenant);
            await data.CopyEventsAsync(db, tenant, leads);
            await ReportsBenchmark.RebuildFactsAsync(db, tenant);
            await Execute(db, "vacuum (analyze)");
            Step($"{data.Staff.Count} employees, {leads:N0} leads over 12 months ({data.Events:N0} events), their facts rebuilt");
            // Through the API, so that the lists of keys and statements are timed with what a tenant has in them.
            for (var i = 1; i <= ApiKeys; i++)
                await CreatedAsync(session, "/api/v1/api-keys", new { name = $"CRM {i}", scopes = new[] { "actuals:write", "actuals:read" } });
            await CalculatedAsync(session, period);
            Step($"{ApiKeys} API keys and {period}'s statements made through the API");

            var paths = new[]
            {
                "/api/v1/tenant", "/api/v1/employees?limit=50", "/api/v1/teams", "/api/v1/plans", "/api/v1/actuals/events?limit=50",
                $"/api/v1/statements?period={period}&limit=50", $"/api/v1/employees/{data.Staff[0].Id}", "/api/v1/api-keys",
            };
            // Each answers 200 with items before anything is timed (the first of each is not timed).
            foreach (var path in paths)
                if (Count((await session.GetAsync(path)).Body) == 0)
                    throw new InvalidOperationException($"{path}: the API answered no items, so an empty page would be timed.");
            var token = await session.AccessTokenAsync();
            var folder = Path.GetDirectoryName(Path.GetFullPath(o.Report))!;
            var script = Path.Combine(folder, "reads.lua");
            await File.WriteAllTextAsync(script, WrkScript(paths, token));

            var api = o.Api.ToString().TrimEnd('/');

            // The peer (issue 22): the same SQL at the same paths, bare, in this process; first shown to read what the API read.
            // The API keeps its pooled connections (closing them under it would make its next requests fail): infra/bench/reads
            // gives PostgreSQL room for both pools.
            var (bare, bareUrl) = await BareReads.StartAsync(o.AppDb, tenant, period);
            await using (bare)
            {
                using var http = new HttpClient { BaseAddress = new Uri(bareUrl) };
                foreach (var path in paths)
                {
                    var (apiBody, _) = await session.GetAsync(path);
                    var bareBody = await http.GetStringAsync(path);
                    // A page's statement reads one more than the page, to know whether there is a next one.
                    var (apiCount, bareCount) = (Count(apiBody), Math.Min(Count(bareBody), 50));
                    if (apiCount != bareCount)
                        throw new InvalidOperationException($"{path}: the API answered {apiCount} items, its bare peer read {bareCount}.");
                    Step($"{path}: {apiCount} item(s) from the API and from its bare peer; {apiBody.Length:N0} and {bareBody.Length:N0} bytes");
                }

                // The first seconds under load are spent compiling (tiered JIT, mapping and validation set-up); the ceiling is a
                // warmed-up endpoint, so the API and its peers are measured warmed up too.
                if (warmUpSeconds > 0)
                {
                    Step($"warm-up: wrk -t{threads} -c{connections} -d{warmUpSeconds}s over the same GETs, on the API and then on the bare peers, not counted");
                    await WrkAsync(api, script, threads, connections, warmUpSeconds);
                    await WrkAsync(bareUrl, script, threads, connections, warmUpSeconds);
                }

                // The API and its peers take turns, so that a machine whose speed drifts over minutes (runs of the same code on this
                // one differed by ±20 %) slows both alike: the mix in MixTurns slices each, then each GET alone, the API's right
                // before its peer's.
                var meter = new CpuMeter(o.ApiPid, o.PostmasterPid);
                var bareMeter = new CpuMeter(Environment.ProcessId, o.PostmasterPid);
                var turnSeconds = Math.Max(1, seconds / MixTurns);
                Step($"mixed reads: {MixTurns} turns of wrk -t{threads} -c{connections} -d{turnSeconds}s over {paths.Length} GETs in turns, the API's and the peers'");
                var (apiTurns, peerTurns) = (new List<Measured>(), new List<Measured>());
                for (var turn = 0; turn < MixTurns; turn++)
                {
                    apiTurns.Add(await MeasuredAsync(meter, () => WrkAsync(api, script, threads, connections, turnSeconds)));
                    peerTurns.Add(await MeasuredAsync(bareMeter, () => WrkAsync(bareUrl, script, threads, connections, turnSeconds)));
                    Step($"turn {turn + 1}: API {apiTurns[^1].Result.Rate:N0} requests/s, p99 {apiTurns[^1].Result.P99Ms:F1} ms; " +
                        $"bare {peerTurns[^1].Result.Rate:N0} requests/s, p99 {peerTurns[^1].Result.P99Ms:F1} ms");
                }
                var (reads, peer) = (Measured.Of(apiTurns), Measured.Of(peerTurns));
                Step($"mixed reads: API {reads.Result.Rate:N0} requests/s, p50 {reads.Result.P50Ms:F1} ms, p99 {reads.Result.P99Ms:F1} ms, " +
                    $"{reads.Result.Non2xx} not 2xx, {reads.Result.SocketErrors} socket errors; bare peers {peer.Result.Rate:N0} requests/s, " +
                    $"p99 {peer.Result.P99Ms:F1} ms, {peer.Result.Non2xx} not 2xx");

                // Which GET costs what: each alone under the same load.
                var (apiEach, bareEach) = (new List<Measured>(), new List<Measured>());
                for (var i = 0; eachSeconds > 0 && i < paths.Length; i++)
                {
                    var alone = Path.Combine(folder, $"reads-{i}.lua");
                    await File.WriteAllTextAsync(alone, WrkScript([paths[i]], await session.AccessTokenAsync()));
                    apiEach.Add(await MeasuredAsync(meter, () => WrkAsync(api, alone, threads, connections, eachSeconds)));
                    bareEach.Add(await MeasuredAsync(bareMeter, () => WrkAsync(bareUrl, alone, threads, connections, eachSeconds)));
                    Step($"{paths[i]} alone: API {apiEach[^1].Result.Rate:N0} requests/s, p99 {apiEach[^1].Result.P99Ms:F1} ms, CPU a request {apiEach[^1].Cpu}, " +
                        $"{apiEach[^1].Result.Non2xx} not 2xx; bare {bareEach[^1].Result.Rate:N0} requests/s, p99 {bareEach[^1].Result.P99Ms:F1} ms, " +
                        $"CPU a request {bareEach[^1].Cpu}, {bareEach[^1].Result.Non2xx} not 2xx");
                }

                var empty = await EmptyEndpointAsync(threads, connections, seconds, Path.Combine(folder, "empty.lua"));
                Step($"empty endpoint: {empty.Rate:N0} requests/s, p50 {empty.P50Ms:F1} ms, p99 {empty.P99Ms:F1} ms");

                var t = new StringBuilder();
                t.AppendLine($"| `wrk -t{threads} -c{connections}` | API requests/s | bare requests/s | API / bare (≥ 50 %) | API p50 | API p99 (≤ 50 ms) | bare p99 | " +
                    "CPU a request, API: process, PostgreSQL | bare: process, PostgreSQL | not 2xx: API, bare |");
                t.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
                void Row(string name, Measured apiRun, Measured peerRun)
                {
                    var (a, b) = (apiRun.Result, peerRun.Result);
                    var ratio = a.Rate / b.Rate;
                    t.AppendLine($"| {name} | {a.Rate:N0} | {b.Rate:N0} | {ratio:P0} {(ratio >= 0.5 ? "met" : "**MISSED**")} | {a.P50Ms:F1} ms | " +
                        $"{a.P99Ms:F1} ms {(a.P99Ms <= 50 ? "met" : "**MISSED**")} | {b.P99Ms:F1} ms | {apiRun.Cpu} | {peerRun.Cpu} | " +
                        $"{a.Non2xx + a.SocketErrors}, {b.Non2xx + b.SocketErrors} |");
                }
                Row($"mixed, {paths.Length} GETs in turns, {MixTurns} × {turnSeconds} s", reads, peer);
                for (var i = 0; i < apiEach.Count; i++)
                    Row($"`{paths[i]}` alone, {eachSeconds} s", apiEach[i], bareEach[i]);
                t.AppendLine();
                t.AppendLine($"The mix's turns, API / bare requests a second: {string.Join("; ", apiTurns.Zip(peerTurns, (a, b) => string.Create(CultureInfo.InvariantCulture,
                    $"{a.Result.Rate:N0} / {b.Result.Rate:N0} = {a.Result.Rate / b.Result.Rate:P0}")))}. A p50 or p99 of the mix is its turns' highest.");
                t.AppendLine();
                t.AppendLine($"The ceiling, an empty Minimal API endpoint in this process under the same load: {empty.Rate:N0} requests/s, p99 {empty.P99Ms:F1} ms " +
                    $"(the API's mix: {reads.Result.Rate / empty.Rate:P1} of it).");
                t.AppendLine();
                t.AppendLine($"The GETs: {string.Join(", ", paths.Select(p => $"`{p}`"))} (the month's reports are timed by `infra/bench/reports`); tenant with {data.Staff.Count} employees and {leads:N0} leads over " +
                    $"12 months up to {period}; the API and the bare peers warmed up by {warmUpSeconds} s of the same load first, then measured in turns " +
                    "(the mix in turns of the API's and the peers', each GET alone on the API and then on its peer). " +
                    "The bare peers (`BareReads.cs`) run in the load generator's own process at the API's paths: each GET's statements as the API sends them, in one batch " +
                    "after the tenant's setting (row-level security as in the API; ADR 0031) on a pooled connection, every row written as JSON (documents as stored), no authentication, " +
                    "validation, mapping or logging; before the runs each answered as many items as the API. CPU a request is read from `/proc` around each run: the API process " +
                    "(or the load generator's, for the peers) and PostgreSQL's backends.");
                await File.WriteAllTextAsync(o.Report, t.ToString());
                return new[] { reads, peer }.Concat(apiEach).Concat(bareEach).Sum(m => m.Result.Non2xx + m.Result.SocketErrors) > 0 ? 1 : 0;
            }
        }
    }

    /// <summary>Slices of the mix per side: long enough for wrk's percentiles, short enough that both sides see the same machine.</summary>
    private const int MixTurns = 3;

    private const int ApiKeys = 3;

    private static async Task CreatedAsync(ReportsBenchmark.UserSession session, string path, object body)
    {
        var (status, text, _) = await session.SendAsync(HttpMethod.Post, path, body);
        if (status != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path}: {(int)status} {text}");
    }

    /// <summary>Calculates <paramref name="period"/> through the API and waits for its job to succeed.</summary>
    private static async Task CalculatedAsync(ReportsBenchmark.UserSession session, string period)
    {
        var (status, body, _) = await session.SendAsync(HttpMethod.Post, $"/api/v1/periods/{period}/calculations");
        if (status != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /api/v1/periods/{period}/calculations: {(int)status} {body}");
        Guid job;
        using (var created = JsonDocument.Parse(body))
            job = created.RootElement.GetProperty("id").GetGuid();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(10))
        {
            var (state, _) = await session.GetAsync($"/api/v1/jobs/{job}");
            using var json = JsonDocument.Parse(state);
            switch (json.RootElement.GetProperty("status").GetString())
            {
                case "succeeded":
                    return;
                case "failed":
                    throw new InvalidOperationException($"the calculation of {period} failed: {state}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new InvalidOperationException($"the calculation of {period} did not finish within 10 minutes");
    }

    /// <summary>The items of a page (<c>items</c>), or 1 for a single object: what the API and its bare peer must agree on.</summary>
    private static int Count(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("items", out var items) ? items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 1 : 1;
    }

    private static string WrkScript(string[] paths, string? token) => $$"""
        local paths = { {{string.Join(", ", paths.Select(p => $"\"{p}\""))}} }
        local i = 0
        local headers = { {{(token is null ? "" : $"[\"Authorization\"] = \"Bearer {token}\"")}} }
        request = function()
          i = i % #paths + 1
          return wrk.format("GET", paths[i], headers)
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
            e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
        end
        """;

    private static async Task<WrkResult> WrkAsync(string baseUrl, string script, int threads, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk", ["-t" + threads, "-c" + connections, $"-d{seconds}s", "--latency", "-s", script, baseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var match = ResultLine().Match(output);
        if (wrk.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output} {await wrk.StandardError.ReadToEndAsync()}");
        long Part(int i) => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        return new WrkResult(Part(1), Part(2) / 1e6, Part(3), Part(4), Part(5) / 1000.0, Part(6) / 1000.0);
    }

    /// <summary>A run with the CPU the API process (or the load generator's, for the peers) and PostgreSQL's backends spent on it:
    /// steadier than requests a second when two builds are compared on a machine whose speed varies from run to run.</summary>
    private sealed record Measured(WrkResult Result, double ProcessSeconds, double PostgresSeconds)
    {
        public string Cpu => string.Create(CultureInfo.InvariantCulture,
            $"{ProcessSeconds * 1e6 / Result.Requests:F0} µs, {PostgresSeconds * 1e6 / Result.Requests:F0} µs");

        /// <summary>Turns together: their requests, time and CPU summed; the highest p50 and p99 of any turn, as wrk's
        /// percentiles of separate runs do not add up.</summary>
        public static Measured Of(IReadOnlyList<Measured> turns) => new(
            new WrkResult(turns.Sum(m => m.Result.Requests), turns.Sum(m => m.Result.Seconds), turns.Sum(m => m.Result.Non2xx),
                turns.Sum(m => m.Result.SocketErrors), turns.Max(m => m.Result.P50Ms), turns.Max(m => m.Result.P99Ms)),
            turns.Sum(m => m.ProcessSeconds), turns.Sum(m => m.PostgresSeconds));
    }

    private static async Task<Measured> MeasuredAsync(CpuMeter meter, Func<Task<WrkResult>> run)
    {
        meter.Start();
        var result = await run();
        meter.Stop();
        return new Measured(result, meter.Api, meter.PostgresBackends);
    }

    private static async Task<WrkResult> EmptyEndpointAsync(int threads, int connections, int seconds, string script)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", () => "");
        await app.StartAsync();
        var url = app.Urls.First();
        await File.WriteAllTextAsync(script, WrkScript(["/"], null));
        Step($"empty endpoint at {url}: wrk -t{threads} -c{connections} -d{seconds}s");
        var result = await WrkAsync(url, script, threads, connections, seconds);
        await app.StopAsync();
        return result;
    }

    [GeneratedRegex(@"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)")]
    private static partial Regex ResultLine();
}
