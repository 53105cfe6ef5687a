using System.Globalization;
using System.Text;
using Npgsql;
using static Saas.Bench.BenchDb;
using Saas.Bench;

// The load generator of infra/bench/ingest (see infra/bench/README.md); with "statements" first, that of
// infra/bench/statements (StatementsBenchmark.cs); with "reports" first, that of infra/bench/reports (ReportsBenchmark.cs); with "soak"
// first, that of infra/bench/soak (SoakBenchmark.cs). The script starts the cluster and the API and passes where they are;
// this provisions a tenant and a key, sends the events, times the bare COPY, checks the counts and writes the results
// table. Exit code 0: the run completed (targets may be missed, the table says so);
// 1: the run itself failed; 2: bad arguments.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// The other benchmarks, by their first argument: statements (infra/bench/statements), reports (infra/bench/reports), reads
// (the mixed read load against an empty endpoint, infra/bench/reads), soak (infra/bench/soak; exit code 3 when a check
// was missed), progress (infra/bench/progress) and token (an admin's access token for infra/bench/auth).
var verbs = new Dictionary<string, Func<string[], Task<int>>>
{
    ["statements"] = StatementsBenchmark.RunAsync,
    ["reports"] = ReportsBenchmark.RunAsync,
    ["reads"] = ReadsBenchmark.RunAsync,
    ["soak"] = SoakBenchmark.RunAsync,
    ["progress"] = ProgressBenchmark.RunAsync,
    ["token"] = AdminToken.RunAsync,
};
if (args.Length > 0 && verbs.TryGetValue(args[0], out var runVerb))
{
    try
    {
        return await runVerb(args[1..]);
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"load generator {args[0]}: the run failed: {e}");
        return 1;
    }
}
var options = Options.Parse(args);
if (options is null)
    return 2;
try
{
    return await Benchmark.RunAsync(options);
}
catch (Exception e)
{
    Console.Error.WriteLine($"load generator: the run failed: {e}");
    return 1;
}

public sealed record Options(
    Uri Api, int ApiPid, int PostmasterPid, string Db, string CopyDb, int Events, int Batch, int Clients, int Seed,
    int ResendPercent, int WarmupBatches, int Employees, bool Profile, string Report)
{
    public static Options? Parse(string[] args) => BenchArgs.Parse("", args,
        a => new Options(new Uri(a.Required("api")), a.Number("api-pid", 0), a.Number("postmaster-pid", 0), a.Required("db"), a.Required("copy-db"),
            a.Number("events", 1_000_000), a.Number("batch", 1000), a.Number("clients", 4), a.Number("seed", 42), a.Number("resend-percent", 10),
            a.Number("warmup-batches", 400), a.Number("employees", 40), a.Has("profile"), a.Required("report")),
        o => o.Events < 1 || o.Batch is < 1 or > 5000 || o.Clients < 1 || o.ResendPercent is < 0 or > 100 || o.Employees < 2
            ? "--events ≥ 1, --batch 1..5000, --clients ≥ 1, --resend-percent 0..100, --employees ≥ 2"
            : null,
        "profile");
}

public static class Benchmark
{
    private const double RatioTarget = 0.60;
    private const double RssTargetMb = 400;

    private static void Step(string message) => Console.Error.WriteLine($"  - {message}");

    public static async Task<int> RunAsync(Options o)
    {
        var failures = new List<string>();
        await using var db = await Open(o.Db);
        await using var copyDb = await Open(o.CopyDb);

        Step("provisioning the tenant, its employees and an actuals:write API key (and a warm-up tenant)");
        var tenant = Guid.CreateVersion7();
        var warmTenant = Guid.CreateVersion7();
        var employees = Provisioning.MakeEmployees(o.Employees, o.Seed);
        await Provisioning.CreateTenantAsync(db, tenant, "Benchmark", withSettings: true);
        await Provisioning.CreateEmployeesAsync(db, tenant, employees);
        var key = await Provisioning.CreateApiKeyAsync(db, tenant);
        await Provisioning.CreateTenantAsync(db, warmTenant, "Benchmark warm-up", withSettings: true);
        await Provisioning.CreateEmployeesAsync(db, warmTenant, employees);
        var warmKey = await Provisioning.CreateApiKeyAsync(db, warmTenant);
        await Provisioning.CreateTenantAsync(copyDb, tenant, "Benchmark", withSettings: false);
        await Provisioning.CreateTenantAsync(copyDb, warmTenant, "Benchmark warm-up", withSettings: false);
        var copyAgainTenant = Guid.CreateVersion7();
        await Provisioning.CreateTenantAsync(copyDb, copyAgainTenant, "Benchmark, the COPY again", withSettings: false);

        Step($"generating {o.Events:N0} events (seed {o.Seed}) and serializing {o.Batch:N0} per request");
        var events = new EventGenerator(o.Seed, employees).Generate(o.Events, "");
        var warmEvents = new EventGenerator(o.Seed + 1, employees).Generate(Math.Max(1, o.WarmupBatches * o.Batch), "w");
        var bodies = Bodies.Serialize(events, o.Batch);
        var warmBodies = o.WarmupBatches > 0 ? Bodies.Serialize(warmEvents, o.Batch) : [];
        var bytes = bodies.Sum(b => (long)b.Length);
        var mix = events.GroupBy(e => e.Type).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {100.0 * g.Count() / events.Count:F1} %");
        Step($"{bodies.Count:N0} bodies, {bytes / 1048576.0:F0} MB ({(double)bytes / events.Count:F0} bytes an event); mix: {string.Join(", ", mix)}");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        using var sender = new Sender(o.Api, o.Clients);
        if (warmBodies.Count > 0)
        {
            Step($"warming up the API with {warmBodies.Count} requests for another tenant");
            var warm = await sender.SendAsync(warmKey, warmBodies, Enumerable.Range(0, warmBodies.Count).ToList(), "warm-up", default);
            if (warm.Errors.Count > 0)
                failures.Add("warm-up: " + warm.Errors[0]);
        }
        if (failures.Count > 0)
            return Fail(failures);

        // The warm-up's report facts come due 30 s after it (LeadFacts:SettleDelay): rebuilt now, they would land inside a
        // pass that lasts longer than the time left, on the same cores, which the bare COPY never meets.
        if (warmBodies.Count > 0)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            await LeadFactsRebuilt(db);
            Step($"the warm-up's report facts rebuilt by the API's worker before the pass ({waited.Elapsed.TotalSeconds:F0} s)");
        }
        if (o.Profile)
            await Execute(db, "create extension if not exists pg_stat_statements; select pg_stat_statements_reset();");
        await Execute(db, "checkpoint");

        Step($"pass 1: {bodies.Count:N0} requests of {o.Batch:N0} events from {o.Clients} concurrent clients");
        var cpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        cpu.Start();
        PassResult first;
        double maxRss;
        WaitSampler? waits = o.Profile ? await WaitSampler.StartAsync(o.Db) : null;
        await using (var rss = new RssSampler(o.ApiPid))
        {
            first = await sender.SendAsync(key, bodies, Enumerable.Range(0, bodies.Count).ToList(), "pass 1", default);
            cpu.Stop();
            await rss.DisposeAsync();
            maxRss = rss.MaxRssMb;
        }
        var waitTable = waits is null ? null : await waits.StopAsync();
        var apiRate = o.Events / first.WallSeconds;
        Step($"pass 1: {first.WallSeconds:F1} s, {apiRate:N0} events/s; CPU: {cpu.Describe(first.WallSeconds)}");
        failures.AddRange(first.Errors.Take(5).Select(e => "pass 1: " + e));
        var statements = o.Profile ? await TopStatements(db) + "\nWhat the API's busy PostgreSQL backends were doing (pg_stat_activity sampled every 50 ms; " +
            "\"running\" is on a CPU or waiting for one):\n\n" + waitTable : null;

        var (count, distinct) = await Count(db, tenant);
        var lost = Math.Max(0, o.Events - distinct);
        var duplicated = count - distinct + Math.Max(0, distinct - o.Events);
        Step($"count check: {count:N0} rows for the tenant ({distinct:N0} distinct source ids), the API reported {first.Accepted:N0} accepted, {first.Duplicates:N0} duplicates");

        var resend = new Random(o.Seed + 2);
        var resendOrder = Enumerable.Range(0, bodies.Count).OrderBy(_ => resend.Next()).Take((int)Math.Ceiling(bodies.Count * o.ResendPercent / 100.0)).ToList();
        Step($"pass 2: re-sending {resendOrder.Count:N0} of the same requests ({o.ResendPercent} %)");
        var second = resendOrder.Count > 0
            ? await sender.SendAsync(key, bodies, resendOrder, "pass 2", default)
            : new PassResult();
        failures.AddRange(second.Errors.Take(5).Select(e => "pass 2: " + e));
        var (countAfter, _) = await Count(db, tenant);
        var added = countAfter - count;
        Step($"pass 2: {second.WallSeconds:F1} s; rows added {added}, the API reported {second.Accepted:N0} accepted, {second.Duplicates:N0} duplicates");
        var apiPeakMb = ProcessStats.StatusMb(o.ApiPid, "VmHWM") ?? maxRss;

        // The API's lead-facts worker rebuilds the leads these events touched once they have settled (LeadFacts:SettleDelay,
        // 30 s): waited for here, and its CPU measured, so that it neither competes with the bare COPY nor goes uncounted.
        Step("waiting for the API's lead-facts worker to rebuild the leads and deals the events touched");
        var factsRows = await Scalar<long>(db,
            """
            select (select count(distinct lead) from lead_facts_pending, unnest(leads) lead where tenant_id = $1)
                 + (select count(distinct deal) from lead_facts_pending, unnest(deals) deal where tenant_id = $1)
            """, tenant);
        var factsCpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        var factsClock = System.Diagnostics.Stopwatch.StartNew();
        factsCpu.Start();
        await LeadFactsRebuilt(db);
        factsCpu.Stop();
        var factsSeconds = factsClock.Elapsed.TotalSeconds;
        Step($"lead facts: {factsRows:N0} leads and deals rebuilt in {factsSeconds:F0} s; CPU: {factsCpu.Describe(factsSeconds)}");

        Step($"bare COPY of the same {o.Events:N0} rows into events (database {copyDb.Database})");
        if (warmEvents.Count > 0)
            await BareCopy.RunAsync(copyDb, warmTenant, warmEvents.Take(o.WarmupBatches * o.Batch).ToList()); // the same warm-up as the API had
        // Twice (the second time as another tenant, whose rows the same unique keys allow), the faster taken: one COPY's rate
        // moved by half between runs on this machine, and the ceiling is what the machine can do.
        CpuMeter? copyCpu = null;
        var copySeconds = double.MaxValue;
        foreach (var (copyTenant, run) in new[] { (tenant, 1), (copyAgainTenant, 2) })
        {
            await Execute(copyDb, "checkpoint");
            var meter = new CpuMeter(o.ApiPid, o.PostmasterPid); // the API idles meanwhile; counted so that it is not taken for other processes
            meter.Start();
            var seconds = await BareCopy.RunAsync(copyDb, copyTenant, events);
            meter.Stop();
            Step($"bare COPY, run {run}: {seconds:F1} s, {o.Events / seconds:N0} rows/s; CPU: {meter.Describe(seconds)}");
            if (seconds < copySeconds)
                (copySeconds, copyCpu) = (seconds, meter);
        }
        var copyRate = o.Events / copySeconds;
        var (copyCount, _) = await Count(copyDb, tenant);
        if (copyCount != o.Events)
            failures.Add($"the bare COPY stored {copyCount} rows, not {o.Events}");
        var same = await Fingerprint(db, tenant) == await Fingerprint(copyDb, tenant);
        Step(same ? "the rows the API stored match the bare COPY's, column by column" : "the rows the API stored DIFFER from the bare COPY's");

        var report = new Report
        {
            Options = o, EventsBytes = bytes, First = first, Second = second, ResendRequests = resendOrder.Count, ApiRate = apiRate,
            CopySeconds = copySeconds, CopyRate = copyRate, PeakMb = apiPeakMb, SampledMb = maxRss, Count = count, Lost = lost,
            Duplicated = duplicated, Added = added, SameRows = same, ApiCpu = cpu, CopyCpu = copyCpu!, Statements = statements,
            Mix = string.Join(", ", mix), FactsRows = factsRows, FactsSeconds = factsSeconds, FactsCpu = factsCpu,
        };
        await File.WriteAllTextAsync(o.Report, report.Markdown(RatioTarget, RssTargetMb));
        if (first.Throttled + second.Throttled > 0)
            Step($"warning: {first.Throttled + second.Throttled} requests were throttled (429) and retried: raise the rate limits further");
        return failures.Count > 0 ? Fail(failures) : 0;
    }

    private static int Fail(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
            Console.Error.WriteLine("load generator: " + failure);
        return 1;
    }

    private static async Task<(long Count, long Distinct)> Count(NpgsqlConnection db, Guid tenant)
    {
        await using var command = new NpgsqlCommand("select count(*), count(distinct (source, external_id)) from events where tenant_id = $1", db);
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>An order-independent digest of every stored column the API takes from the request.</summary>
    private static async Task<string> Fingerprint(NpgsqlConnection db, Guid tenant)
    {
        await using var command = new NpgsqlCommand($"""
            select count(*) || ':' || coalesce(sum(hashtextextended(concat_ws('|', {BareCopy.Columns}), 0)::numeric), 0)
            from events where tenant_id = $1
            """, db);
        command.Parameters.Add(new() { Value = tenant });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The statements of the API pass by total time. Statements on a temporary table get a new query id each
    /// time the table is created, so they are summed by their text.</summary>
    private static async Task<string> TopStatements(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("""
            select sum(calls)::bigint, sum(total_exec_time), sum(total_exec_time) / sum(calls), sum(rows)::bigint, statement
            from (select calls, total_exec_time, rows, regexp_replace(left(query, 160), '\s+', ' ', 'g') as statement
                  from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())) s
            group by statement order by 2 desc limit 12
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder("| calls | total ms | mean ms | rows | statement |\n| ---: | ---: | ---: | ---: | --- |\n");
        while (await reader.ReadAsync())
            text.Append(CultureInfo.InvariantCulture, $"| {reader.GetInt64(0)} | {reader.GetDouble(1):F0} | {reader.GetDouble(2):F2} | {reader.GetInt64(3)} | `{reader.GetString(4).Replace("|", "\\|")}` |\n");
        return text.ToString();
    }
}
