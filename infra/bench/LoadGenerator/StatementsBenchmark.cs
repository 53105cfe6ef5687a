using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using static Saas.Bench.BenchDb;

namespace Saas.Bench;

public sealed record StatementsOptions(
    string Db, string AppDb, string Psql, int ApiPid, int PostmasterPid, int Employees, int Events, int Seed, string Period, int SqlRuns,
    int TimeoutMinutes, bool Profile, string Report)
{
    public static StatementsOptions? Parse(string[] args) => BenchArgs.Parse("statements", args,
        a => new StatementsOptions(a.Required("db"), a.Required("app-db"), a.Required("psql"), a.Number("api-pid", 0), a.Number("postmaster-pid", 0),
            a.Number("employees", 10_000), a.Number("events", 2_000_000), a.Number("seed", 42), a.Text("period", "2026-10"),
            a.Number("sql-runs", 3), a.Number("timeout-minutes", 30), a.Has("profile"), a.Required("report")),
        o => o.Employees < 50 || o.Events < 1000 || o.SqlRuns < 1 || o.TimeoutMinutes < 1 || !BenchArgs.IsMonth(o.Period)
            ? "--employees ≥ 50, --events ≥ 1000, --sql-runs ≥ 1, --timeout-minutes ≥ 1, --period a month like 2026-10"
            : null,
        "profile");
}

/// <summary>infra/bench/statements: a tenant with many employees, an active plan and a month of events, then the
/// period's calculation (a queued job the API's worker runs) against the bare SQL of its metrics, twice.</summary>
public static class StatementsBenchmark
{
    private const double RatioTarget = 2.0;
    private const double RssTargetMb = 1024;
    private const string Zone = "Europe/Moscow";

    private static void Step(string message) => Console.Error.WriteLine($"  - {message}");

    public sealed class CalculationRun
    {
        public Guid JobId;
        public string Status = "";
        public string? Error;
        public int Total;
        public int Changed;
        public double JobSeconds; // started_at → finished_at
        public double MetricsSeconds = double.NaN; // started_at → progress 0 of N (both periods' metrics computed)
        public bool MetricsExact;
        public double QueuedSeconds; // created_at → started_at (the worker's poll)
        public double WallSeconds; // queued by the benchmark → seen succeeded
        public double PeakSampledMb;
        public CpuMeter Cpu = null!;
        public CpuMeter MetricsCpu = null!; // claim (roughly) → metrics computed
        public double StoreSeconds => JobSeconds - MetricsSeconds;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = StatementsOptions.Parse(args);
        if (o is null)
            return 2;
        var periodStart = DateOnly.ParseExact(o.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var periodEnd = periodStart.AddMonths(1);
        var previousStart = periodStart.AddMonths(-1);
        var now = DateTimeOffset.UtcNow;
        if (new DateTimeOffset(periodStart.ToDateTime(TimeOnly.MinValue), StatementsData.Moscow) >= now)
        {
            Console.Error.WriteLine($"load generator statements: {o.Period} has not started yet; events may not be in the future");
            return 2;
        }

        var failures = new List<string>();
        await using var db = await Open(o.Db);
        var tenant = Guid.CreateVersion7();
        var data = new StatementsData(o.Seed, periodStart, periodEnd, now);

        Step($"provisioning the tenant, {o.Employees:N0} employees with amoCRM and Bitrix24 ids, and an active plan");
        var clock = Stopwatch.StartNew();
        data.MakeStaff(o.Employees);
        await data.CreateTenantAsync(db, tenant);
        await data.CopyStaffAsync(db, tenant);
        await data.CreatePlanAsync(db, tenant);
        var roles = string.Join(", ", data.Staff.GroupBy(e => e.Role).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"));
        var covered = data.Covered;
        Step($"staff: {roles}; {covered:N0} covered by the plan in {o.Period}");

        Step($"generating {o.Events:N0} events in {o.Period} (seed {o.Seed})");
        var rows = data.Generate(o.Events);
        var mix = string.Join(", ", rows.GroupBy(r => r.Type).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {100.0 * g.Count() / rows.Count:F1} %"));
        var leads = rows.Count(r => r.Type == "lead.created");
        Step($"mix: {mix}");
        Step($"bare COPY into events, then vacuum (analyze) and a checkpoint");
        var copyClock = Stopwatch.StartNew();
        await StatementsData.CopyEventsAsync(db, tenant, rows);
        var copySeconds = copyClock.Elapsed.TotalSeconds;
        rows = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        await Execute(db, "vacuum (analyze) events");
        await Execute(db, "analyze");
        await Execute(db, "checkpoint");
        var eventsMb = await Scalar<long>(db, "select pg_total_relation_size('events')") / 1048576.0;
        var loadSeconds = clock.Elapsed.TotalSeconds;
        Step($"loaded in {loadSeconds:F0} s (COPY {copySeconds:F1} s); events with indexes: {eventsMb:F0} MB");

        var script = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Report))!, "bare-metrics.sql");
        await File.WriteAllTextAsync(script, BareMetricsSql.Script(tenant, Zone, "RUB",
            [(o.Period, periodStart, periodEnd), (previousStart.ToString("yyyy-MM", CultureInfo.InvariantCulture), previousStart, periodStart)]));

        Step("bare SQL, warm-up run (as the application role, psql)");
        var warm = await BareMetricsSql.RunAsync(o.Psql, o.AppDb, script, o.PostmasterPid);
        Step($"bare SQL warm-up: {warm.TotalSeconds:F2} s");

        if (o.Profile)
            await Execute(db, "create extension if not exists pg_stat_statements; select pg_stat_statements_reset();");
        Step("calculation 1: a queued job for the API's worker");
        var first = await CalculateAsync(db, tenant, o, failures);
        Step($"calculation 1: {first.Status}, {first.JobSeconds:F2} s claim → succeeded (metrics {first.MetricsSeconds:F2} s, statements {first.StoreSeconds:F2} s), " +
             $"{first.Changed:N0} changed of {first.Total:N0}; CPU: {first.Cpu.Describe(first.JobSeconds)}");
        var profile = o.Profile ? await TopStatements(db) : null;

        var runs = new List<BareMetricsSql.Run>();
        for (var i = 0; i < o.SqlRuns; i++)
        {
            runs.Add(await BareMetricsSql.RunAsync(o.Psql, o.AppDb, script, o.PostmasterPid));
            Step($"bare SQL run {i + 1}: {runs[^1].TotalSeconds:F2} s; PostgreSQL CPU {runs[^1].PostgresCpuSeconds:F1} s");
        }
        var median = runs.OrderBy(r => r.TotalSeconds).ElementAt(runs.Count / 2);

        Step("calculation 2: the same inputs again");
        var second = await CalculateAsync(db, tenant, o, failures);
        Step($"calculation 2: {second.Status}, {second.JobSeconds:F2} s, {second.Changed:N0} changed of {second.Total:N0}");
        var allRows = await Scalar<long>(db, $"select count(*) from documents.mt_doc_statement where tenant_id = '{tenant}'");

        // Every statement's inputs name the plan: renaming it changes them all, so that the write path is timed again with
        // the API warmed up (the first calculation also pays for JIT compilation). Drafts are superseded by new drafts.
        Step("calculation 3: the plan renamed, so every statement changes");
        await Execute(db, $"update documents.mt_doc_plan set data = jsonb_set(data, '{{name}}', to_jsonb((data ->> 'name') || ' (2)')) where tenant_id = '{tenant}'");
        var third = await CalculateAsync(db, tenant, o, failures);
        Step($"calculation 3: {third.Status}, {third.JobSeconds:F2} s (metrics {third.MetricsSeconds:F2} s, statements {third.StoreSeconds:F2} s), " +
             $"{third.Changed:N0} changed of {third.Total:N0}");
        var peakMb = ProcessStats.StatusMb(o.ApiPid, "VmHWM") ?? new[] { first, second, third }.Max(r => r.PeakSampledMb);

        var written = await Scalar<long>(db,
            $"select count(*) from documents.mt_doc_calculatedstatement where tenant_id = '{tenant}' and data ->> 'period' = '{o.Period}' and data ->> 'jobId' = '{first.JobId}'");
        var distinctEmployees = await Scalar<long>(db,
            $"select count(distinct employee_id) from documents.mt_doc_statement where tenant_id = '{tenant}' and period = '{o.Period}'");
        var sizes = await Text(db, $"""
            select format('lines %s B, inputs %s B stored (%s B of JSON text), the whole calculated document %s B on average; after the three calculations the statements take %s MB, the calculated statements %s MB, the audit entries %s MB',
                round(avg(pg_column_size(data -> 'lines'))), round(avg(pg_column_size(data -> 'inputs'))), round(avg(octet_length((data -> 'inputs')::text))),
                round(avg(pg_column_size(data))), round(pg_total_relation_size('documents.mt_doc_statement') / 1048576.0),
                round(pg_total_relation_size('documents.mt_doc_calculatedstatement') / 1048576.0),
                round(pg_total_relation_size('documents.mt_doc_statementauditentry') / 1048576.0))
            from documents.mt_doc_calculatedstatement where tenant_id = '{tenant}' and data ->> 'jobId' = '{first.JobId}'
            """);
        var payout = await Text(db, $"""
            select format('%s statements with a positive total, %s zero; total %s RUB', count(*) filter (where (data ->> 'total')::numeric > 0),
                count(*) filter (where (data ->> 'total')::numeric = 0), sum((data ->> 'total')::numeric))
            from documents.mt_doc_calculatedstatement where tenant_id = '{tenant}' and data ->> 'jobId' = '{first.JobId}'
            """);
        if (written != covered)
            failures.Add($"calculation 1 wrote {written} statements, not {covered} (the employees covered by the plan)");
        if (second.Changed != 0)
            failures.Add($"calculation 2 changed {second.Changed} statements of unchanged inputs");
        if (allRows != written)
            failures.Add($"the tenant has {allRows} statement rows after the second calculation, not {written}");
        if (third.Changed != covered)
            failures.Add($"calculation 3 (plan renamed) changed {third.Changed} statements, not {covered}");

        var report = Markdown(o, covered, roles, mix, leads, loadSeconds, copySeconds, eventsMb, first, second, third, warm, runs, median, peakMb, written,
            distinctEmployees, sizes, payout, profile);
        await File.WriteAllTextAsync(o.Report, report);
        return failures.Count > 0 ? Fail(failures) : 0;
    }

    private static async Task<CalculationRun> CalculateAsync(NpgsqlConnection db, Guid tenant, StatementsOptions o, List<string> failures)
    {
        var run = new CalculationRun { JobId = Guid.CreateVersion7() };
        await Execute(db, "checkpoint");
        run.Cpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        run.MetricsCpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        var rss = new RssSampler(o.ApiPid);
        run.Cpu.Start();
        run.MetricsCpu.Start();
        var clock = Stopwatch.StartNew();
        await Execute(db, $"insert into calculation_jobs (tenant_id, id, period, requested_by) values ('{tenant}', '{run.JobId}', '{o.Period}', 'infra/bench')");
        await using var poll = new NpgsqlCommand("""
            select status, total, done, changed, error, extract(epoch from started_at - created_at)::float8, extract(epoch from finished_at - started_at)::float8,
                   extract(epoch from heartbeat_at - started_at)::float8, extract(epoch from clock_timestamp() - started_at)::float8
            from calculation_jobs where tenant_id = $1 and id = $2
            """, db);
        poll.Parameters.Add(new() { Value = tenant });
        poll.Parameters.Add(new() { Value = run.JobId });
        await poll.PrepareAsync();
        var deadline = TimeSpan.FromMinutes(o.TimeoutMinutes);
        var polls = 0;
        while (true)
        {
            await using (var reader = await poll.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                run.Status = reader.GetString(0);
                run.Total = reader.GetInt32(1);
                var done = reader.GetInt32(2);
                run.Changed = reader.GetInt32(3);
                run.Error = reader.IsDBNull(4) ? null : reader.GetString(4);
                if (!reader.IsDBNull(5))
                    run.QueuedSeconds = reader.GetDouble(5);
                if (!reader.IsDBNull(6))
                    run.JobSeconds = reader.GetDouble(6);
                // Progress 0 of N is written when both periods' metrics are computed, before the first statement.
                if (run.Total > 0 && double.IsNaN(run.MetricsSeconds) && !reader.IsDBNull(7))
                {
                    run.MetricsExact = done == 0;
                    run.MetricsSeconds = done == 0 ? reader.GetDouble(7) : reader.GetDouble(8);
                    run.MetricsCpu.Stop();
                }
            }
            if (run.Status is "succeeded" or "failed")
                break;
            if (clock.Elapsed > deadline)
            {
                run.Status = "timed out";
                break;
            }
            if (++polls % 10 == 0)
            {
                run.Cpu.Sample();
                if (double.IsNaN(run.MetricsSeconds))
                    run.MetricsCpu.Sample();
            }
            await Task.Delay(25);
        }
        run.WallSeconds = clock.Elapsed.TotalSeconds;
        run.Cpu.Stop();
        await rss.DisposeAsync();
        run.PeakSampledMb = rss.MaxRssMb;
        if (run.Status != "succeeded")
            failures.Add($"calculation job {run.JobId}: {run.Status}{(run.Error is null ? "" : ": " + run.Error)}");
        if (double.IsNaN(run.MetricsSeconds))
        {
            run.MetricsSeconds = 0;
            run.MetricsCpu.Stop();
        }
        return run;
    }

    private static string N(double value) => value.ToString("N0", new NumberFormatInfo { NumberGroupSeparator = " ", NumberDecimalSeparator = "." });

    private static string Verdict(bool met) => met ? "met" : "**MISSED**";

    private static string Markdown(StatementsOptions o, int covered, string roles, string mix, int leads, double loadSeconds, double copySeconds, double eventsMb,
        CalculationRun first, CalculationRun second, CalculationRun third, BareMetricsSql.Run warm, List<BareMetricsSql.Run> runs, BareMetricsSql.Run median, double peakMb,
        long written, long distinctEmployees, string sizes, string payout, string? profile)
    {
        var bare = median.TotalSeconds;
        var ratio = first.JobSeconds / bare;
        var previous = DateOnly.ParseExact(o.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var t = new StringBuilder();
        t.AppendLine("| measure | result | target | |");
        t.AppendLine("| --- | ---: | ---: | --- |");
        t.AppendLine($"| full calculation of {o.Period} (job claimed → succeeded) | {first.JobSeconds:F1} s | | |");
        t.AppendLine($"| bare SQL of the same metrics, {o.Period} and {previous} (psql, median of {runs.Count}) | {bare:F1} s | | |");
        t.AppendLine($"| calculation / bare SQL | {ratio:F1}× | ≤ {RatioTarget:F0}× | {Verdict(ratio <= RatioTarget)} |");
        t.AppendLine($"| API peak RSS (VmHWM) | {peakMb:F0} MB | ≤ {RssTargetMb:F0} MB | {Verdict(peakMb <= RssTargetMb)} |");
        t.AppendLine($"| statements written | {N(written)} | {N(covered)} covered | {Verdict(written == covered)} |");
        t.AppendLine($"| second calculation, unchanged inputs | {second.JobSeconds:F1} s, {N(second.Changed)} changed | 0 changed | {Verdict(second.Changed == 0 && second.Status == "succeeded")} |");
        t.AppendLine($"| third calculation, every statement changed (plan renamed; API warm) | {third.JobSeconds:F1} s, {N(third.Changed)} changed | {N(covered)} changed | {Verdict(third.Changed == covered && third.Status == "succeeded")} |");
        foreach (var (name, run) in new[] { ("first calculation", first), ("second calculation", second), ("third calculation", third) })
            if (run.Cpu.Others > 0.1 * run.JobSeconds * Environment.ProcessorCount)
                t.AppendLine($"\n**Noisy run:** other processes used {run.Cpu.Others:F0} of the {run.JobSeconds * Environment.ProcessorCount:F0} core-seconds during the {name}; " +
                    "the times are longer than on an idle machine. Re-run when the machine is idle.");
        t.AppendLine();
        t.AppendLine("Details:");
        t.AppendLine();
        t.AppendLine($"- Tenant: {N(o.Employees)} employees ({roles}); {N(covered)} are in a role of the plan and employed during {o.Period} " +
            "(1 % joined mid-period and 0.5 % left during it, both prorated; 1 % left before it). One active plan, an assignment per role " +
            "(attainment on deals_won, revenue, cr_sql_to_won, sql, mql, renewals; step on sql; share of revenue; per-unit leads; team cr_mql_to_sql; " +
            "gate on first_response_compliance).");
        t.AppendLine($"- Events: {N(o.Events)} in {o.Period} (seed {o.Seed}), {N(leads)} leads; mix: {mix}. Loaded by a bare binary COPY as a superuser, " +
            $"then `vacuum (analyze)` and a checkpoint ({loadSeconds:F0} s for provisioning and loading, COPY {copySeconds:F1} s); `events` with its indexes {eventsMb:F0} MB.");
        foreach (var (name, run) in new[] { ("First calculation", first), ("Second calculation", second), ("Third calculation", third) })
        {
            var perStatement = run.Total > 0 ? run.StoreSeconds / run.Total * 1000 : 0;
            t.AppendLine($"- {name}: {run.JobSeconds:F2} s from claim to succeeded, of which {run.MetricsSeconds:F2} s up to \"0 of {N(run.Total)} done\" " +
                $"(both periods' metrics, plans and employees read){(run.MetricsExact ? "" : " (approximate: the poll missed that state)")} and " +
                $"{run.StoreSeconds:F2} s computing and storing the statements in transactions of 200 ({perStatement:F2} ms an employee); " +
                $"{N(run.Changed)} changed. Queued → claimed {run.QueuedSeconds:F1} s (the worker's poll), wall time from queuing to seeing it succeeded {run.WallSeconds:F1} s. " +
                $"CPU: {run.Cpu.Describe(run.WallSeconds)}.");
        }
        t.AppendLine($"- Metrics part of the first calculation / bare SQL: {first.MetricsSeconds / bare:F1}×; statements part / bare SQL: {first.StoreSeconds / bare:F1}×.");
        foreach (var (name, run) in new[] { ("first", first), ("second", second), ("third", third) })
        {
            var store = (Api: run.Cpu.Api - run.MetricsCpu.Api, Postgres: run.Cpu.PostgresBackends - run.MetricsCpu.PostgresBackends);
            t.AppendLine($"- CPU of the {name} calculation by part: metrics API {run.MetricsCpu.Api:F1} s + PostgreSQL backends {run.MetricsCpu.PostgresBackends:F1} s; " +
                $"statements API {store.Api:F1} s + PostgreSQL backends {store.Postgres:F1} s" +
                (run.Total > 0 ? $" ({store.Api / run.Total * 1000:F2} ms of API CPU an employee)." : "."));
        }
        var calcCpu = first.Cpu.Api + first.Cpu.PostgresBackends + first.Cpu.PostgresBackground;
        var sqlCpu = median.PostgresCpuSeconds;
        t.AppendLine($"- CPU cost, which other processes disturb less than the times: the first calculation took {calcCpu:F1} s of CPU (API {first.Cpu.Api:F1} s, " +
            $"PostgreSQL {first.Cpu.PostgresBackends + first.Cpu.PostgresBackground:F1} s), the bare SQL {sqlCpu:F1} s in PostgreSQL (psql itself not counted): {calcCpu / sqlCpu:F1}×.");
        t.AppendLine($"- Statements: {N(written)} written by the first calculation for {N(distinctEmployees)} employees; {payout}; {sizes}.");
        t.AppendLine($"- API resident set: peak {peakMb:F0} MB (VmHWM, whole process life), highest sampled {new[] { first, second, third }.Max(r => r.PeakSampledMb):F0} MB.");
        t.AppendLine($"- Bare SQL runs: {string.Join(", ", runs.Select(r => $"{r.TotalSeconds:F2} s"))} (warm-up before the first calculation {warm.TotalSeconds:F2} s); " +
            "psql's `\\timing` per statement, from sending it to having read all rows, as the application role with row-level security, in one transaction.");
        t.AppendLine();
        t.AppendLine($"Bare SQL by statement (ms, the median run):");
        t.AppendLine();
        t.AppendLine($"| statement | {o.Period} | {previous} |");
        t.AppendLine("| --- | ---: | ---: |");
        foreach (var label in BareMetricsSql.Labels)
            t.AppendLine($"| {label} | {Ms(median, $"{o.Period} {label}")} | {Ms(median, $"{previous} {label}")} |");
        if (profile is not null)
        {
            t.AppendLine();
            t.AppendLine("PostgreSQL statements of the first calculation (pg_stat_statements, application role, by total time):");
            t.AppendLine();
            t.Append(profile);
        }
        return t.ToString();
    }

    private static string Ms(BareMetricsSql.Run run, string key) => run.Milliseconds.TryGetValue(key, out var ms) ? ms.ToString("F0", CultureInfo.InvariantCulture) : "—";

    private static async Task<string> TopStatements(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("""
            select calls, total_exec_time, total_exec_time / calls, rows, regexp_replace(left(query, 150), '\s+', ' ', 'g')
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and userid = 'saas_app'::regrole
            order by total_exec_time desc limit 15
            """, db);
        var text = new StringBuilder("| calls | total ms | mean ms | rows | statement |\n| ---: | ---: | ---: | ---: | --- |\n");
        var total = 0.0;
        long calls = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                text.Append(CultureInfo.InvariantCulture,
                    $"| {reader.GetInt64(0)} | {reader.GetDouble(1):F0} | {reader.GetDouble(2):F2} | {reader.GetInt64(3)} | `{reader.GetString(4).Replace("|", "\\|")}` |\n");
        }
        await using (var sum = new NpgsqlCommand("""
            select coalesce(sum(total_exec_time), 0), coalesce(sum(calls), 0)::bigint from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and userid = 'saas_app'::regrole
            """, db))
        await using (var reader = await sum.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            total = reader.GetDouble(0);
            calls = reader.GetInt64(1);
        }
        text.Append(CultureInfo.InvariantCulture, $"\nAll statements of the application role: {calls} calls, {total / 1000:F2} s of execution in PostgreSQL.\n");
        return text.ToString();
    }

    private static int Fail(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
            Console.Error.WriteLine("load generator statements: " + failure);
        return 1;
    }

    private static async Task<string> Text(NpgsqlConnection db, string sql) => await Scalar<string>(db, sql);
}
