using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Saas.Bench;

/// <summary>The SQL of <c>PeriodMetrics.ComputeAsync</c> (src/Saas.Api/Features/Statements/PeriodMetrics.cs), copied
/// as it is there, run by psql for the period and the one before, as the application role in one transaction with
/// the tenant set, as the calculation runs them. <c>@name</c> parameters become psql variables of the same values and
/// types. Keep the statements in step with PeriodMetrics.cs when it changes. One exception: "first responses" is the
/// hand-written form (correlated subqueries per lead) of what the API now reads through the SQL it shares with the SLA
/// reports and the breach watch (Features/Sla/LeadClockSql.cs); for the default clock start both give the same leads,
/// creation times, first responses and employees.</summary>
public static class BareMetricsSql
{
    private const string Bounds = """
        bounds as (select (@start::timestamp at time zone @zone) as s, (@end::timestamp at time zone @zone) as e)
        """;

    private static readonly (string Label, string Sql)[] Statements =
    [
        ("stages", $"""
            with {Bounds},
            stages as (
                select e.lead_id, e.type, e.employee_id, e.reason_code from events e, bounds
                where e.tenant_id = @TenantId and e.lead_id is not null and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                  and e.type in ('lead.created', 'lead.mql', 'lead.sal', 'lead.sql', 'lead.disqualified')),
            reached as (
                select lead_id, employee_id, grouping(employee_id) = 1 as whole_lead,
                       bool_or(type = 'lead.created') as created, bool_or(type = 'lead.mql') as mql, bool_or(type = 'lead.sal') as sal,
                       bool_or(type = 'lead.sql') as sql, bool_or(type = 'lead.disqualified') as disqualified,
                       bool_or(type = 'lead.disqualified' and reason_code is not null) as disqualified_with_reason
                from stages group by grouping sets ((lead_id), (lead_id, employee_id))),
            credited as (
                select r.employee_id, l.lead_id, l.created, l.mql, l.sal, l.sql, l.disqualified, l.disqualified_with_reason
                from reached l, bounds,
                     lateral (select e.employee_id from events e
                              where e.tenant_id = @TenantId and e.lead_id = l.lead_id and e.type in ('lead.created', 'lead.assigned')
                                and e.employee_id is not null and e.occurred_at < bounds.e) r
                where l.whole_lead
                union all
                select employee_id, lead_id, created, mql, sal, sql, disqualified, disqualified_with_reason from reached
                where not whole_lead and employee_id is not null),
            per_employee as (
                select employee_id, lead_id, bool_or(created) as created, bool_or(mql) as mql, bool_or(sal) as sal, bool_or(sql) as sql,
                       bool_or(disqualified) as disqualified, bool_or(disqualified_with_reason) as disqualified_with_reason
                from credited group by employee_id, lead_id)
            select employee_id, count(*) filter (where created) as leads, count(*) filter (where mql) as mql, count(*) filter (where sal) as sal,
                   count(*) filter (where sql) as sql, count(*) filter (where disqualified) as disqualified,
                   count(*) filter (where disqualified_with_reason) as disqualified_with_reason
            from per_employee group by employee_id
            union all
            select null, count(*) filter (where created), count(*) filter (where mql), count(*) filter (where sal), count(*) filter (where sql),
                   count(*) filter (where disqualified), count(*) filter (where disqualified_with_reason)
            from reached where whole_lead
            """),
        ("deals", $"""
            with {Bounds},
            current as (
                select distinct on (e.deal_id) e.deal_id, e.occurred_at, e.id, e.amount, e.currency, e.employee_id, e.splits, e.overlays, e.lead_id
                from events e, bounds
                where e.tenant_id = @TenantId and e.type = 'deal.won' and e.occurred_at < bounds.e
                order by e.deal_id, e.occurred_at desc, e.id desc)
            select c.deal_id, c.occurred_at, c.id, c.amount, c.currency, c.employee_id, c.splits::text as splits, c.overlays::text as overlays,
                   c.lead_id
            from current c, bounds
            where c.occurred_at >= bounds.s
            """),
        ("deal owners", """
            select distinct on (lead_id) lead_id, employee_id from events
            where tenant_id = @TenantId and type = 'lead.created' and lead_id = any(@dealLeads) and employee_id is not null
            order by lead_id, occurred_at, id
            """),
        ("deals of leads", """
            select lead_id, deal_id, min(occurred_at) as first_won from events
            where tenant_id = @TenantId and type = 'deal.won' and lead_id = any(@dealLeads)
            group by lead_id, deal_id
            """),
        ("refunds", $"""
            with {Bounds}
            select e.deal_id, e.amount from events e, bounds
            where e.tenant_id = @TenantId and e.type = 'deal.refunded' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
            """),
        ("refunded versions", """
            select distinct on (e.deal_id) e.deal_id, e.occurred_at, e.id, e.amount, e.currency, e.employee_id, e.splits::text as splits,
                   e.overlays::text as overlays, e.lead_id
            from events e
            where e.tenant_id = @TenantId and e.type = 'deal.won' and e.deal_id = any(@dealIds)
            order by e.deal_id, e.occurred_at desc, e.id desc
            """),
        ("accounts", $"""
            with {Bounds}
            select e.employee_id,
                   count(*) filter (where e.type = 'account.renewed') as renewed,
                   count(*) filter (where e.type = 'account.churned') as churned,
                   coalesce(sum(e.amount) filter (where e.type = 'account.cross_sold' and e.currency = @currency), 0) as cross_sold,
                   count(*) filter (where e.type = 'complaint.registered') as complaints
            from events e, bounds
            where e.tenant_id = @TenantId and e.employee_id is not null and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
              and e.type in ('account.renewed', 'account.churned', 'account.cross_sold', 'complaint.registered')
            group by e.employee_id
            """),
        ("first responses", $"""
            with {Bounds},
            created as (
                select e.lead_id, min(e.occurred_at) as created from events e, bounds
                where e.tenant_id = @TenantId and e.type = 'lead.created' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                group by e.lead_id)
            select c.lead_id, c.created,
                   (select min(r.occurred_at) from events r where r.tenant_id = @TenantId and r.lead_id = c.lead_id and r.type = 'lead.first_response') as first_response,
                   (select coalesce(
                       (select a.employee_id from events a where a.tenant_id = @TenantId and a.lead_id = c.lead_id and a.type = 'lead.assigned'
                        and a.employee_id is not null order by a.occurred_at, a.id limit 1),
                       (select o.employee_id from events o where o.tenant_id = @TenantId and o.lead_id = c.lead_id and o.type = 'lead.created'
                        and o.employee_id is not null order by o.occurred_at, o.id limit 1))) as employee
            from created c
            """),
        ("spend", """
            select coalesce(sum(amount), 0) from spend where tenant_id = @TenantId and currency = @currency and date >= @startDate and date < @endDate
            """),
        ("posted values", "select employee_id, metric, value from metric_values where tenant_id = @TenantId and period = @period"),
    ];

    public static IEnumerable<string> Labels => Statements.Select(s => s.Label);

    /// <summary>Dapper's parameters as psql variables, with the types Npgsql sends them as.</summary>
    private static string Substitute(string sql) => sql
        .Replace("@TenantId", ":'tenant'::uuid")
        .Replace("@start::timestamp", ":'start'::timestamp")
        .Replace("@end::timestamp", ":'end'::timestamp")
        .Replace("@zone", ":'zone'::text")
        .Replace("@currency", ":'currency'::text")
        .Replace("@startDate", ":'start_date'::date")
        .Replace("@endDate", ":'end_date'::date")
        .Replace("@period", ":'period'::text")
        .Replace("@dealIds", ":'deal_ids'::text[]")
        .Replace("@dealLeads", ":'deal_leads'::text[]");

    /// <summary>A psql script: each timed statement preceded by an <c>\echo @period label</c> line, so that the
    /// "Time:" line after it can be attributed.</summary>
    public static string Script(Guid tenantId, string zone, string currency, IEnumerable<(string Name, DateOnly Start, DateOnly End)> periods)
    {
        var text = new StringBuilder();
        text.AppendLine(@"\set ON_ERROR_STOP 1");
        text.AppendLine(@"\pset format unaligned");
        text.AppendLine(@"\pset tuples_only on");
        text.AppendLine(CultureInfo.InvariantCulture, $@"\set tenant '{tenantId}'");
        text.AppendLine(CultureInfo.InvariantCulture, $@"\set zone '{zone}'");
        text.AppendLine(CultureInfo.InvariantCulture, $@"\set currency '{currency}'");
        text.AppendLine(@"\o /dev/null");
        text.AppendLine(@"\timing on");
        text.AppendLine("begin isolation level read committed;");
        text.AppendLine("select set_config('app.tenant_id', :'tenant', true);");
        foreach (var (name, start, end) in periods)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $@"\set start '{start:yyyy-MM-dd} 00:00:00'");
            text.AppendLine(CultureInfo.InvariantCulture, $@"\set end '{end:yyyy-MM-dd} 00:00:00'");
            text.AppendLine(CultureInfo.InvariantCulture, $@"\set start_date '{start:yyyy-MM-dd}'");
            text.AppendLine(CultureInfo.InvariantCulture, $@"\set end_date '{end:yyyy-MM-dd}'");
            text.AppendLine(CultureInfo.InvariantCulture, $@"\set period '{name}'");
            foreach (var (label, sql) in Statements)
            {
                if (label == "deal owners")
                {
                    // The calculation passes the leads of the deals it read (not timed).
                    text.AppendLine(Substitute($$"""
                        with {{Bounds}},
                        current as (
                            select distinct on (e.deal_id) e.deal_id, e.occurred_at, e.lead_id from events e, bounds
                            where e.tenant_id = @TenantId and e.type = 'deal.won' and e.occurred_at < bounds.e
                            order by e.deal_id, e.occurred_at desc, e.id desc)
                        select coalesce(array_agg(distinct c.lead_id), '{}') as deal_leads from current c, bounds
                        where c.occurred_at >= bounds.s and c.lead_id is not null
                        """).TrimEnd() + @" \gset");
                }
                if (label == "refunded versions")
                {
                    // The calculation passes the refunded deals' ids, and skips this when there are none (not timed).
                    text.AppendLine(Substitute($$"""
                        with {{Bounds}}
                        select count(*) > 0 as has_refunds, coalesce(array_agg(distinct e.deal_id), '{}') as deal_ids from events e, bounds
                        where e.tenant_id = @TenantId and e.type = 'deal.refunded' and e.occurred_at >= bounds.s and e.occurred_at < bounds.e
                        """).TrimEnd() + @" \gset");
                    text.AppendLine(@"\if :has_refunds");
                }
                text.AppendLine(CultureInfo.InvariantCulture, $@"\echo @{name} {label}");
                text.AppendLine(Substitute(sql).TrimEnd() + ";");
                if (label == "refunded versions")
                    text.AppendLine(@"\endif");
            }
        }
        text.AppendLine("commit;");
        return text.ToString();
    }

    /// <summary>One run: its wall time, psql's milliseconds per labelled statement, and the CPU seconds of PostgreSQL's
    /// processes meanwhile (sampled every 100 ms, so that the backend, which exits with psql, is counted).</summary>
    public sealed record Run(double WallSeconds, Dictionary<string, double> Milliseconds, double PostgresCpuSeconds)
    {
        public double TotalSeconds => Milliseconds.Values.Sum() / 1000;
    }

    /// <summary>Runs the script with psql as the given role; the milliseconds psql's \timing measured for each
    /// labelled statement (from sending it to having read the whole result).</summary>
    public static async Task<Run> RunAsync(string psql, string connectionString, string scriptPath, int postmasterPid)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(psql)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-X", "-q", "-h", c.Host!, "-p", c.Port.ToString(CultureInfo.InvariantCulture), "-U", c.Username!, "-d", c.Database!, "-f", scriptPath })
            start.ArgumentList.Add(arg);
        start.Environment["PGPASSWORD"] = c.Password;
        start.Environment["PGAPPNAME"] = "infra/bench bare SQL";
        var before = postmasterPid > 0 ? ProcessStats.PostgresChildren(postmasterPid) : [];
        var last = new Dictionary<int, double>();
        void Sample()
        {
            if (postmasterPid > 0)
                foreach (var (pid, (cpu, _)) in ProcessStats.PostgresChildren(postmasterPid))
                    last[pid] = cpu;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            Sample();
            await Task.WhenAny(exited, Task.Delay(100));
        }
        var wall = clock.Elapsed.TotalSeconds;
        Sample();
        var postgresCpu = last.Sum(p => p.Value - (before.TryGetValue(p.Key, out var b) ? b.CpuSeconds : 0));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql failed ({process.ExitCode}): {await error}");
        var times = new Dictionary<string, double>();
        string? label = null;
        foreach (var line in (await output).Split('\n'))
        {
            if (line.StartsWith('@'))
            {
                label = line[1..].Trim();
            }
            else if (line.StartsWith("Time: ", StringComparison.Ordinal) && label is not null)
            {
                times[label] = double.Parse(line["Time: ".Length..line.IndexOf(" ms", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                label = null;
            }
        }
        if (times.Count == 0)
            throw new InvalidOperationException("psql printed no timings: " + (await output)[..Math.Min(500, (await output).Length)]);
        return new Run(wall, times, postgresCpu);
    }
}
