using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Npgsql;
using static Saas.Bench.BenchDb;

namespace Saas.Bench;

public sealed record ReportsOptions(
    Uri Api, string Db, string AppDb, int ApiPid, int PostmasterPid, string ServerLog, string PartnerId, string PartnerSecret, string FrontendId,
    string RedirectUri, int Leads, int Months, string Period, int Seed, int Runs, string Report)
{
    public static ReportsOptions? Parse(string[] args) => BenchArgs.Parse("reports", args,
        a => new ReportsOptions(new Uri(a.Required("api")), a.Required("db"), a.Required("app-db"), a.Number("api-pid", 0), a.Number("postmaster-pid", 0),
            a.Required("server-log"), a.Required("partner-id"), a.Required("partner-secret"), a.Required("frontend-id"), a.Required("redirect-uri"),
            a.Number("leads", 1_000_000), a.Number("months", 12), a.Text("period", "2026-10"), a.Number("seed", 42), a.Number("runs", 5),
            a.Required("report")),
        o => o.Leads < 1000 || o.Months is < 1 or > 60 || o.Runs < 1 || !BenchArgs.IsMonth(o.Period)
            ? "--leads ≥ 1000, --months 1..60, --runs ≥ 1, --period a month like 2026-10"
            : null);
}

/// <summary>infra/bench/reports: a tenant with a year of leads, signed in to through the API's own OAuth flow, then each
/// report of the month timed over HTTP against the hand-written SQL it needs (<see cref="ReportsSql"/>), in turns.</summary>
public static partial class ReportsBenchmark
{
    private const double LatencyTargetMs = 1000;
    private const double RatioTarget = 3;
    private const string Password = "Отчёты по миллиону лидов за один месяц";

    private static void Step(string message) => Console.Error.WriteLine($"  - {message}");

    /// <summary>One report: its request, the hand SQL, and what was measured.</summary>
    private sealed class Measure(string name, string path, string sql, string slug)
    {
        public string Name { get; } = name;
        public string Path { get; } = path;
        public string Sql { get; } = sql;
        public string Slug { get; } = slug;
        public Timing Default = null!;
        public int ResponseBytes;
        public int SqlRows;
        public string Agreement = "";
    }

    /// <summary>Runs of a report and of its hand SQL, in turns.</summary>
    private sealed class Timing
    {
        public List<double> ApiMs { get; } = [];
        public List<double> SqlMs { get; } = [];
        public double ApiPostgresMs; // the API's statements' execution in PostgreSQL per request (pg_stat_statements)
        public double PeakRssMb;
        public CpuMeter Cpu = null!;
        public double WallSeconds;
        public string Body = "";
        public List<object?[]> Rows = [];
        public double Api => Median(ApiMs);
        public double Hand => Median(SqlMs);
        public double Ratio => Api / Hand;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = ReportsOptions.Parse(args);
        if (o is null)
            return 2;
        var periodStart = DateOnly.ParseExact(o.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var periodEnd = periodStart.AddMonths(1);
        var firstMonth = periodStart.AddMonths(1 - o.Months);
        var now = DateTimeOffset.UtcNow;
        var monthStart = new DateTimeOffset(periodStart.ToDateTime(TimeOnly.MinValue), StatementsData.Moscow);
        var monthEnd = new DateTimeOffset(periodEnd.ToDateTime(TimeOnly.MinValue), StatementsData.Moscow);
        if (monthStart >= now)
        {
            Console.Error.WriteLine($"load generator reports: {o.Period} has not started yet; events may not be in the future");
            return 2;
        }

        var failures = new List<string>();
        Step("provisioning a tenant through the API (partner token, POST /partner/tenants) and signing in as its admin (activation, authorization code + PKCE)");
        var slug = "bench-reports-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var signedIn = await SignInAsync(o.Api, o.PartnerId, o.PartnerSecret, o.FrontendId, o.RedirectUri, slug);
        using var session = signedIn.Session;
        var tenant = signedIn.Tenant;
        Step($"tenant {tenant} ({slug}), an admin's access token and refresh token");

        await using var db = await Open(o.Db);
        var clock = Stopwatch.StartNew();
        var data = new ReportsData(o.Seed, firstMonth, periodEnd, now);
        data.MakeStaff();
        await data.CreateStaffAsync(db, tenant);
        await data.CreateSpendAsync(db, tenant);
        await new StatementsData(o.Seed, periodStart, periodEnd, now).CreatePlanAsync(db, tenant); // the funnel lists the targets of the plans in force
        var staff = string.Join(", ", data.Staff.GroupBy(m => m.Role).Select(g => $"{g.Key} {g.Count()}"));
        Step($"staff: {data.Staff.Count} in {data.Teams.Count} teams ({staff}); spend per day for {data.CampaignCount} campaigns and SEO");

        Step($"generating {o.Leads:N0} leads over {o.Months} months up to {o.Period} (seed {o.Seed}) and loading their events with one binary COPY");
        var copyClock = Stopwatch.StartNew();
        await data.CopyEventsAsync(db, tenant, o.Leads);
        var copySeconds = copyClock.Elapsed.TotalSeconds;
        await Execute(db, "vacuum (analyze) events");
        await Execute(db, "analyze");
        await Execute(db, "checkpoint");
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var mix = string.Join(", ", data.EventCounts.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {100.0 * p.Value / data.Events:F1} %"));
        var monthParameters = new object[] { tenant, monthStart.UtcDateTime, monthEnd.UtcDateTime };
        var leadsTotal = await Scalar<long>(db, "select count(distinct lead_id) from events where tenant_id = $1 and type = 'lead.created'", tenant);
        var leadsInMonth = await Scalar<long>(db, "select count(distinct lead_id) from events where tenant_id = $1 and type = 'lead.created' and occurred_at >= $2 and occurred_at < $3",
            monthParameters);
        var monthEvents = await Scalar<long>(db, """
            select count(*) from events e where e.tenant_id = $1 and e.lead_id in (
                select lead_id from events where tenant_id = $1 and type = 'lead.created' and occurred_at >= $2 and occurred_at < $3)
            """, monthParameters);
        var eventsMb = await Scalar<long>(db, "select pg_total_relation_size('events')") / 1048576.0;
        var tableMb = await Scalar<long>(db, "select pg_relation_size('events')") / 1048576.0;
        Step($"{data.Events:N0} events ({mix}) in {loadSeconds:F0} s (COPY {copySeconds:F0} s); {leadsTotal:N0} leads, {leadsInMonth:N0} created in {o.Period} " +
             $"with {monthEvents:N0} events; events {tableMb:F0} MB, {eventsMb:F0} MB with indexes");

        Step("listing every lead and deal for a rebuild and waiting for the API's lead-facts worker to rebuild them");
        var rebuild = await RebuildFactsAsync(db, tenant);
        Step($"{rebuild.Rows:N0} leads and deals rebuilt by the worker in {rebuild.Seconds:F0} s ({rebuild.Rows / rebuild.Seconds:N0} a second); " +
             $"facts {rebuild.FactsMb:F0} MB with indexes");

        await Execute(db, "create extension if not exists pg_stat_statements");
        await using var app = await Open(o.AppDb);
        var query = $"period={o.Period}";
        var measures = new List<Measure>
        {
            new("first response by employee", $"/api/v1/sla/first-response?{query}&groupBy=employee", ReportsSql.FirstResponseByEmployee, "first-response"),
            new("breaches, first page of 100", $"/api/v1/sla/breaches?{query}&limit=100", ReportsSql.Breaches, "breaches"),
            new("disqualifications by campaign", $"/api/v1/reports/disqualifications?{query}&groupBy=campaign", ReportsSql.DisqualificationsByCampaign,
                "disqualifications"),
            new("funnel (by channel, the default)", $"/api/v1/reports/funnel?{query}", ReportsSql.FunnelByChannel, "funnel"),
        };
        var parameters = new object[]
        {
            tenant, monthStart.UtcDateTime, monthEnd.UtcDateTime, Direct, ReportsSql.SlaMinutes, periodStart, periodEnd, Array.Empty<string>(),
        };
        foreach (var m in measures)
        {
            Step($"{m.Name}: GET {m.Path} against the hand SQL, a warm-up each, then {o.Runs} runs in turns");
            m.Default = await TimeAsync(o, db, app, session, tenant, m, parameters);
            m.ResponseBytes = Encoding.UTF8.GetByteCount(m.Default.Body);
            m.SqlRows = m.Default.Rows.Count;
            using var json = JsonDocument.Parse(m.Default.Body);
            var (agrees, agreement) = m.Slug switch
            {
                "first-response" => CheckFirstResponse(json.RootElement, m.Default.Rows),
                "breaches" => await CheckBreachesAsync(json.RootElement, app, tenant, parameters, monthStart, monthEnd),
                "disqualifications" => CheckDisqualifications(json.RootElement, m.Default.Rows),
                _ => CheckFunnel(json.RootElement, m.Default.Rows),
            };
            m.Agreement = agreement;
            if (!agrees)
                failures.Add($"{m.Name}: the API and the hand SQL disagree: {agreement}");
            Step($"{m.Name}: {Describe(m.Default)}; {(agrees ? "agree" : "DISAGREE")}: {agreement}");
        }

        // Issue 21: the same reports over a range of days, up to a year: the last 12 months (or all months loaded) up to the period.
        var yearFrom = periodStart.AddMonths(1 - Math.Min(o.Months, 12));
        var yearTo = periodStart.AddMonths(1).AddDays(-1);
        var ranges = new List<(string Name, string Path, double Ms, List<double> Runs, int Leads, double PeakRssMb)>();
        // And each report that shows change over the month compared with the month before, in one call (compare=previous).
        var variants = measures.Select(m => (Name: $"{m.Name} over {yearFrom:yyyy-MM-dd} to {yearTo:yyyy-MM-dd}",
                Path: m.Path.Replace(query, $"from={yearFrom:yyyy-MM-dd}&to={yearTo:yyyy-MM-dd}", StringComparison.Ordinal)))
            .Concat(measures.Where(m => !m.Path.Contains("/breaches", StringComparison.Ordinal))
                .Select(m => (Name: $"{m.Name}, {o.Period} compared with the month before", Path: m.Path + "&compare=previous")));
        foreach (var (name, path) in variants)
        {
            Step($"{name}: GET {path}, a warm-up, then {o.Runs} runs");
            var (body, _) = await session.GetAsync(path);
            var rss = new RssSampler(o.ApiPid);
            var runs = new List<double>();
            for (var i = 0; i < o.Runs; i++)
                runs.Add((await session.GetAsync(path)).Item2);
            await rss.DisposeAsync();
            using var json = JsonDocument.Parse(body);
            var leads = json.RootElement.TryGetProperty("total", out var total) && total.TryGetProperty("leads", out var count) ? count.GetInt32()
                : json.RootElement.TryGetProperty("totals", out var totals) ? totals.GetProperty("leads").GetInt32() : -1;
            ranges.Add((name, path, Median(runs), runs, leads, rss.MaxRssMb));
            Step($"{name}: median {Median(runs):F0} ms ({Ms(runs)}), {(leads < 0 ? "a page of breaches" : $"{leads:N0} leads")}");
        }

        Step($"the bare read of the month's lead facts (the floor under every report): a warm-up, then {o.Runs} runs");
        await HandAsync(app, tenant, ReportsSql.FactsRead, parameters[..3]);
        var factsRead = new List<double>();
        var factsRows = 0;
        for (var i = 0; i < o.Runs; i++)
        {
            var (rows, ms) = await HandAsync(app, tenant, ReportsSql.FactsRead, parameters[..3]);
            factsRows = rows.Count;
            factsRead.Add(ms);
        }
        var floor = new FactsFloor(Median(factsRead), factsRead, factsRows);
        Step($"bare read of the month's facts: median {floor.Ms:F0} ms ({Ms(factsRead)}), {factsRows:N0} rows");

        Step("EXPLAIN (ANALYZE, BUFFERS): the API's statements by auto_explain during one more request of each report, and the hand SQL");
        var folder = Path.GetDirectoryName(Path.GetFullPath(o.Report))!;
        var apiPlans = await ExplainApiAsync(db, session, measures, o.ServerLog, Path.Combine(folder, "explain-api.log"));
        var handJit = new List<double>();
        foreach (var m in measures)
        {
            var plan = await ExplainHandAsync(app, tenant, m.Sql, parameters);
            handJit.AddRange(JitLine().Matches(plan).Select(match => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)));
            await File.WriteAllTextAsync(Path.Combine(folder, $"explain-hand-{m.Slug}.txt"), plan);
        }
        Step($"the API's statements over 100 ms: {apiPlans}");

        var peakMb = ProcessStats.StatusMb(o.ApiPid, "VmHWM") ?? measures.Max(m => m.Default.PeakRssMb);

        var report = Markdown(o, data, mix, staff, leadsTotal, leadsInMonth, monthEvents, loadSeconds, copySeconds, tableMb, eventsMb, rebuild, floor, measures,
            peakMb, apiPlans, handJit) + RangeMarkdown(o, yearFrom, yearTo, ranges);
        await File.WriteAllTextAsync(o.Report, report);
        return failures.Count > 0 ? Fail(failures) : 0;
    }

    /// <summary>The reports over a range of days (issue 21): the API alone, since the hand SQL is written for one month.</summary>
    private static string RangeMarkdown(ReportsOptions o, DateOnly from, DateOnly to,
        List<(string Name, string Path, double Ms, List<double> Runs, int Leads, double PeakRssMb)> ranges)
    {
        var t = new StringBuilder();
        t.AppendLine();
        t.AppendLine($"## The same reports over a range of days ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}), and the month compared with the one before");
        t.AppendLine();
        t.AppendLine($"`from`/`to` instead of `period`, and `compare=previous` (issue 21), every lead of the days read; median of {o.Runs} runs, " +
            "no hand SQL to compare with. A compared month counts the month's leads and reads the previous month's too.");
        t.AppendLine();
        t.AppendLine("| report | API, median | runs | leads counted | API peak RSS |");
        t.AppendLine("| --- | ---: | --- | ---: | ---: |");
        foreach (var r in ranges)
            t.AppendLine($"| {r.Name}, `GET {r.Path}` | {N(r.Ms)} ms | {Ms(r.Runs)} | {(r.Leads < 0 ? "(a page)" : N(r.Leads))} | {N(r.PeakRssMb)} MB |");
        return t.ToString();
    }

    /// <summary>LeadAttribution.DirectChannels (src/Saas.Engine/Attribution), lower case, as the API passes them to its SQL.</summary>
    private static readonly string[] Direct = ["direct", "(direct)", "none", "(none)", "typein", "type-in", "прямой", "прямые заходы", "прямой заход"];

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static string Ms(List<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private static string Describe(Timing t) =>
        $"API median {t.Api:F0} ms ({Ms(t.ApiMs)}), PostgreSQL {t.ApiPostgresMs:F0} ms a request; hand SQL median {t.Hand:F0} ms ({Ms(t.SqlMs)})";

    /// <summary>A warm-up request and hand SQL run, then the timed runs in turns, one at a time; the API's statements'
    /// execution time from pg_stat_statements, the CPU and the API's resident set meanwhile.</summary>
    private static async Task<Timing> TimeAsync(ReportsOptions o, NpgsqlConnection db, NpgsqlConnection app, UserSession session, Guid tenant, Measure m,
        object[] parameters)
    {
        var t = new Timing();
        await session.GetAsync(m.Path);
        await HandAsync(app, tenant, m.Sql, parameters);
        await Execute(db, "select pg_stat_statements_reset()");
        t.Cpu = new CpuMeter(o.ApiPid, o.PostmasterPid);
        var rss = new RssSampler(o.ApiPid);
        var wall = Stopwatch.StartNew();
        t.Cpu.Start();
        for (var i = 0; i < o.Runs; i++)
        {
            (t.Body, var ms) = await session.GetAsync(m.Path);
            t.ApiMs.Add(ms);
            (t.Rows, ms) = await HandAsync(app, tenant, m.Sql, parameters);
            t.SqlMs.Add(ms);
            t.Cpu.Sample();
        }
        t.Cpu.Stop();
        t.WallSeconds = wall.Elapsed.TotalSeconds;
        await rss.DisposeAsync();
        t.PeakRssMb = rss.MaxRssMb;
        t.ApiPostgresMs = await Scalar<double>(db, $"""
            select coalesce(sum(total_exec_time), 0)::float8 from pg_stat_statements
            where userid = 'saas_app'::regrole and query not like '%{ReportsSql.Marker}%'
            """) / o.Runs;
        return t;
    }

    /// <summary>Sets (or resets) a server setting with ALTER SYSTEM and reloads: the API's pooled sessions take it at their next statement.</summary>
    private static async Task SetAsync(NpgsqlConnection db, string setting, bool reset = false)
    {
        await Execute(db, reset ? $"alter system reset {setting}" : $"alter system set {setting}");
        await Execute(db, "select pg_reload_conf()");
        await Task.Delay(500);
    }

    // ---- Signing in, as a partner's frontend would ----

    /// <summary>An admin's tokens, refreshed (outside any timing) before the access token's 10 minutes run out; one refresh
    /// at a time, since a refresh token used twice revokes the session. Shared by the soak benchmark's readers.</summary>
    internal sealed class UserSession(Uri api, string clientId, string accessToken, string refreshToken) : IDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = api,
            Timeout = TimeSpan.FromMinutes(10),
        };

        private readonly SemaphoreSlim _refreshing = new(1, 1);
        private readonly Stopwatch _age = Stopwatch.StartNew();
        private string _access = accessToken;
        private string _refresh = refreshToken;

        /// <summary>The admin's access token, refreshed when it is older than 7 minutes.</summary>
        public async Task<string> AccessTokenAsync()
        {
            await RefreshIfOldAsync();
            return Volatile.Read(ref _access);
        }

        /// <summary>A GET with the admin's token: the body, and the milliseconds from sending to having read all of it.</summary>
        public async Task<(string Body, double Ms)> GetAsync(string path)
        {
            var (status, body, ms) = await SendAsync(HttpMethod.Get, path);
            if (status != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {path}: {(int)status} {body}");
            return (body, ms);
        }

        /// <summary>A request with the admin's token (and <paramref name="json"/> as its body, if any), whatever it answers: the
        /// status, the body, and the milliseconds from sending to having read all of it.</summary>
        public async Task<(HttpStatusCode Status, string Body, double Ms)> SendAsync(HttpMethod method, string path, object? json = null)
        {
            await RefreshIfOldAsync();
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
                request.Content = JsonContent.Create(json);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Volatile.Read(ref _access));
            var clock = Stopwatch.StartNew();
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body, clock.Elapsed.TotalMilliseconds);
        }

        private async Task RefreshIfOldAsync()
        {
            if (_age.Elapsed <= TimeSpan.FromMinutes(7))
                return;
            await _refreshing.WaitAsync();
            try
            {
                if (_age.Elapsed <= TimeSpan.FromMinutes(7))
                    return;
                var tokens = await TokenAsync(_http, new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = _refresh });
                (_access, _refresh) = (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
                _age.Restart();
            }
            finally
            {
                _refreshing.Release();
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            _refreshing.Dispose();
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    /// <summary>The journey of README.md's "Getting a token" with the partner and frontend clients the script registers:
    /// a partner token, the tenant and its admin, the admin's password, the sign-in form (antiforgery cookie and fields),
    /// the code and its exchange with the PKCE verifier.</summary>
    internal static async Task<(Guid Tenant, UserSession Session)> SignInAsync(Uri api, string partnerId, string partnerSecret, string frontendId,
        string redirectUri, string slug, string tenantName = "Отчёты: бенчмарк")
    {
        using var browser = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = api,
        };
        var partner = await TokenAsync(browser, new() { ["grant_type"] = "client_credentials", ["client_id"] = partnerId, ["client_secret"] = partnerSecret });
        var email = $"admin@{slug}.example";
        using var provision = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/tenants")
        {
            Content = JsonContent.Create(new
            {
                name = tenantName, slug, currency = ReportsData.Currency, timeZone = "Europe/Moscow", locale = "ru",
                admin = new { email, fullName = "Анна Бенчмаркова" },
            }),
        };
        provision.Headers.Authorization = new AuthenticationHeaderValue("Bearer", partner.GetProperty("access_token").GetString());
        var created = await JsonAsync(await browser.SendAsync(provision), HttpStatusCode.Created);
        var tenant = created.GetProperty("id").GetGuid();
        await JsonAsync(await browser.PostAsJsonAsync("/api/v1/auth/activate",
            new { activationToken = created.GetProperty("admin").GetProperty("activationToken").GetString(), password = Password }), HttpStatusCode.OK);

        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var form = await browser.GetAsync($"/connect/authorize?response_type=code&client_id={Uri.EscapeDataString(frontendId)}" +
            $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope=api%20offline_access&state=bench&code_challenge={challenge}&code_challenge_method=S256");
        var html = await form.Content.ReadAsStringAsync();
        if (form.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /connect/authorize: {(int)form.StatusCode} {html}");
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["email"] = email;
        fields["password"] = Password;
        using var signedIn = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        if (signedIn.StatusCode != HttpStatusCode.Redirect || signedIn.Headers.Location is not { } location)
            throw new InvalidOperationException($"POST /connect/authorize: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        var code = HttpUtility.ParseQueryString(new Uri(location.OriginalString).Query)["code"]
            ?? throw new InvalidOperationException($"POST /connect/authorize redirected without a code: {location}");
        var tokens = await TokenAsync(browser, new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = frontendId, ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
        });
        return (tenant, new UserSession(api, frontendId, tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!));
    }

    private static async Task<JsonElement> TokenAsync(HttpClient http, Dictionary<string, string> form) =>
        await JsonAsync(await http.PostAsync("/connect/token", new FormUrlEncodedContent(form)), HttpStatusCode.OK);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    // ---- The hand SQL ----

    /// <summary>Runs a query as the application role in a transaction with the tenant set (row-level security applies, as
    /// in the API); the milliseconds from sending it to having read all its rows.</summary>
    private static async Task<(List<object?[]> Rows, double Ms)> HandAsync(NpgsqlConnection app, Guid tenant, string sql, object[] parameters)
    {
        await using var transaction = await app.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', $1, true) {ReportsSql.Marker}", app, transaction))
        {
            set.Parameters.Add(new() { Value = tenant.ToString() });
            await set.ExecuteScalarAsync();
        }
        await using var command = new NpgsqlCommand(sql, app, transaction);
        foreach (var value in parameters)
            command.Parameters.Add(new() { Value = value });
        var rows = new List<object?[]>();
        var clock = Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
        }
        var ms = clock.Elapsed.TotalMilliseconds;
        await transaction.CommitAsync();
        return (rows, ms);
    }

    private static async Task<string> ExplainHandAsync(NpgsqlConnection app, Guid tenant, string sql, object[] parameters)
    {
        var (rows, _) = await HandAsync(app, tenant, "explain (analyze, buffers) " + sql, parameters);
        return sql + "\n\n" + string.Join("\n", rows.Select(r => (string)r[0]!)) + "\n";
    }

    /// <summary>Turns auto_explain (loaded in every session by the script's cluster) on for statements over 100 ms, sends
    /// one more request of each report, turns it off, and keeps what the server logged meanwhile. Returns the durations.</summary>
    private static async Task<string> ExplainApiAsync(NpgsqlConnection db, UserSession session, List<Measure> measures, string serverLog, string output)
    {
        long Length() => new FileInfo(serverLog).Length;
        var from = Length();
        foreach (var setting in new[] { "log_min_duration = '100ms'", "log_analyze = on", "log_buffers = on" })
            await SetAsync(db, "auto_explain." + setting);
        foreach (var m in measures)
            await session.GetAsync(m.Path);
        foreach (var setting in new[] { "log_min_duration", "log_analyze", "log_buffers" })
            await SetAsync(db, "auto_explain." + setting, reset: true);
        string text;
        await using (var stream = new FileStream(serverLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(from, SeekOrigin.Begin);
            text = await new StreamReader(stream).ReadToEndAsync();
        }
        await File.WriteAllTextAsync(output, text);
        var durations = DurationLine().Matches(text).Select(match => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var jit = JitLine().Matches(text).Select(match => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        return durations.Count == 0 ? "none logged"
            : $"{durations.Count} statements of {Ms(durations)} ms (with EXPLAIN ANALYZE's timing overhead)" +
              (jit.Count == 0 ? ", no JIT compilation" : $", of which JIT compilation {Ms(jit)} ms");
    }

    [GeneratedRegex(@"duration: ([0-9.]+) ms\s+plan:")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"Timing: Generation .*Total ([0-9.]+) ms")]
    private static partial Regex JitLine();

    // ---- Checks: the API's numbers against the hand SQL's, where they should agree ----

    private static string Key(object? value) => value?.ToString() ?? "";

    private static string Amount(decimal value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The same keys with the same values, or the first difference.</summary>
    private static (bool, string) Compare(Dictionary<string, string> api, Dictionary<string, string> hand, string summary)
    {
        foreach (var key in api.Keys.Union(hand.Keys).Order(StringComparer.Ordinal))
        {
            var a = api.GetValueOrDefault(key, "(none)");
            var h = hand.GetValueOrDefault(key, "(none)");
            if (a != h)
                return (false, $"'{key}': API {a}, hand SQL {h} ({api.Count} groups in the API's answer, {hand.Count} in the hand SQL's)");
        }
        return (true, summary);
    }

    private static (bool, string) CheckFirstResponse(JsonElement api, List<object?[]> rows)
    {
        static string Values(int leads, int answered) => $"{leads} leads, {answered} answered";
        var fromApi = api.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetString()!, g => Values(g.GetProperty("leads").GetInt32(), g.GetProperty("answered").GetInt32()));
        var total = api.GetProperty("total");
        fromApi["(total)"] = Values(total.GetProperty("leads").GetInt32(), total.GetProperty("answered").GetInt32());
        var hand = rows.ToDictionary(r => (bool)r[0]! ? "(total)" : Key(r[1]), r => Values((int)r[2]!, (int)r[3]!));
        var handTotal = rows.Single(r => (bool)r[0]!);
        return Compare(fromApi, hand, $"{N(total.GetProperty("leads").GetInt32())} leads, {N(total.GetProperty("answered").GetInt32())} answered, " +
            $"{N(total.GetProperty("waiting").GetInt32())} never, by {fromApi.Count - 1} employees: the same per employee. Wall-clock (hand SQL): " +
            $"{N((int)handTotal[4]!)} in time, median {Convert.ToDouble(handTotal[6], CultureInfo.InvariantCulture):F1} min; working time (API): " +
            $"{N(total.GetProperty("inTime").GetInt32())} in time, median {total.GetProperty("medianMinutes").GetDecimal():F1} min");
    }

    private static (bool, string) CheckDisqualifications(JsonElement api, List<object?[]> rows)
    {
        static string Values(int leads, int nonTarget) => $"{leads} leads, {nonTarget} non-target";
        var fromApi = api.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetString()!, g => Values(g.GetProperty("leads").GetInt32(), g.GetProperty("nonTargetLeads").GetInt32()));
        var totals = api.GetProperty("totals");
        fromApi["(total)"] = Values(totals.GetProperty("leads").GetInt32(), totals.GetProperty("nonTargetLeads").GetInt32()) +
            $", {totals.GetProperty("handlers").GetInt32()} handlers";
        var hand = rows.ToDictionary(r => (bool)r[0]! ? "(total)" : Key(r[1]),
            r => Values((int)r[2]!, (int)r[3]!) + ((bool)r[0]! ? $", {(int)r[4]!} handlers" : ""));
        return Compare(fromApi, hand, $"{N(totals.GetProperty("leads").GetInt32())} leads, {N(totals.GetProperty("nonTargetLeads").GetInt32())} non-target, " +
            $"{totals.GetProperty("handlers").GetInt32()} handlers, {fromApi.Count - 1} campaigns: the same per campaign; cost " +
            $"{N((double)totals.GetProperty("cost").GetDecimal())} {ReportsData.Currency}");
    }

    private static (bool, string) CheckFunnel(JsonElement api, List<object?[]> rows)
    {
        static string Values(int leads, int mql, int sal, int sql, int won, decimal revenue, decimal spend) =>
            $"{leads} leads, MQL {mql}, SAL {sal}, SQL {sql}, won {won}, revenue {Amount(revenue)}, spend {Amount(spend)}";
        static string FromJson(JsonElement g) => Values(g.GetProperty("leads").GetInt32(), g.GetProperty("mql").GetInt32(), g.GetProperty("sal").GetInt32(),
            g.GetProperty("sql").GetInt32(), g.GetProperty("dealsWon").GetInt32(), g.GetProperty("revenue").GetDecimal(),
            g.GetProperty("spend").ValueKind == JsonValueKind.Null ? 0m : g.GetProperty("spend").GetDecimal());
        var fromApi = api.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, FromJson);
        var total = api.GetProperty("total");
        fromApi["(total)"] = FromJson(total);
        var hand = rows.ToDictionary(r => (bool)r[0]! ? "(total)" : Key(r[1]),
            r => Values((int)r[2]!, (int)r[3]!, (int)r[4]!, (int)r[5]!, (int)r[6]!, (decimal)r[7]!, (decimal)r[8]!));
        return Compare(fromApi, hand, $"{FromJson(total)}, {fromApi.Count - 1} channels: the same per channel; " +
            $"{api.GetProperty("targets").GetArrayLength()} plan targets listed");
    }

    /// <summary>The API's page must be leads of the month that are late by wall-clock time too (its deadline is never
    /// earlier), in creation order, with the hand SQL's employee, source and first response.</summary>
    private static async Task<(bool, string)> CheckBreachesAsync(JsonElement api, NpgsqlConnection app, Guid tenant, object[] parameters,
        DateTimeOffset monthStart, DateTimeOffset monthEnd)
    {
        var items = api.GetProperty("items").EnumerateArray().ToList();
        var ids = items.Select(i => i.GetProperty("leadId").GetString()!).ToArray();
        var (rows, _) = await HandAsync(app, tenant, ReportsSql.BreachCheck, [.. parameters[..^1], ids]);
        var facts = rows.ToDictionary(r => (string)r[0]!);
        DateTimeOffset? previous = null;
        foreach (var item in items)
        {
            var id = item.GetProperty("leadId").GetString()!;
            var created = item.GetProperty("createdAt").GetDateTimeOffset();
            var answered = item.GetProperty("firstResponseAt") is { ValueKind: not JsonValueKind.Null } a ? a.GetDateTimeOffset() : (DateTimeOffset?)null;
            string Text(string name) => item.GetProperty(name) is { ValueKind: not JsonValueKind.Null } v ? v.ToString() : "";
            var apiFacts = $"created {created.UtcDateTime:O}, answered {answered?.UtcDateTime:O}, employee {Text("employeeId")}, {Text("channel")}/{Text("campaign")}";
            if (!facts.TryGetValue(id, out var r))
                return (false, $"lead {id} of the API's breaches is unknown to the hand SQL");
            var handFacts = $"created {(DateTime)r[1]!:O}, answered {(r[2] as DateTime?):O}, employee {Key(r[3])}, {Key(r[4])}/{Key(r[5])}";
            if (apiFacts != handFacts)
                return (false, $"lead {id}: API {apiFacts}; hand SQL {handFacts}");
            if (created < monthStart || created >= monthEnd || (answered is { } at && at <= created.AddMinutes(ReportsSql.SlaMinutes)) || created < previous)
                return (false, $"lead {id} ({apiFacts}) is not a late lead of the month in creation order");
            previous = created;
        }
        return (items.Count > 0, items.Count == 0 ? "the API listed no breaches"
            : $"{items.Count} breaches on the page, oldest first, each a lead of the month answered more than 5 minutes after creation or not at all, " +
              "with the hand SQL's employee, source and first response");
    }

    // ---- The table ----

    /// <summary>The lead-facts worker's rebuild of every lead and deal after the COPY.</summary>
    internal sealed record Rebuild(long Rows, double Seconds, double FactsMb);

    /// <summary>The hand-written bare read of the month's facts, timed alone.</summary>
    private sealed record FactsFloor(double Ms, List<double> Runs, int Rows);

    /// <summary>The events went in by COPY, around ingestion, so nothing listed their leads for a rebuild: they are listed now,
    /// a thousand a row as if imported, and the API's LeadFactsRefresher rebuilds them in the background. Timed until none
    /// is left: what a back-fill of this size costs.</summary>
    internal static async Task<Rebuild> RebuildFactsAsync(NpgsqlConnection db, Guid tenant)
    {
        var clock = Stopwatch.StartNew();
        var rows = await Scalar<long>(db, """
            with leads as (
                select lead_id, min(occurred_at) filter (where type = 'lead.created') as created,
                       (row_number() over (order by lead_id) - 1) / 1000 as chunk
                from events where tenant_id = $1 and lead_id is not null group by lead_id),
            deals as (
                select deal_id, (row_number() over (order by deal_id) - 1) / 1000 as chunk
                from events where tenant_id = $1 and type = 'deal.won' and deal_id is not null group by deal_id),
            listed as (
                insert into lead_facts_pending (tenant_id, leads, created, deals)
                select $1, array_agg(lead_id order by lead_id), array_agg(created order by lead_id), '{}' from leads group by chunk
                union all
                select $1, '{}', '{}', array_agg(deal_id order by deal_id) from deals group by chunk
                returning cardinality(leads) + cardinality(deals) as count)
            select coalesce(sum(count), 0)::bigint from listed
            """, tenant);
        while (await Scalar<long>(db, "select count(*) from lead_facts_pending where tenant_id = $1", tenant) > 0)
            await Task.Delay(TimeSpan.FromSeconds(1));
        var seconds = clock.Elapsed.TotalSeconds;
        await Execute(db, "vacuum (analyze) lead_facts, deal_facts");
        return new Rebuild(rows, seconds, await Scalar<long>(db, "select pg_total_relation_size('lead_facts') + pg_total_relation_size('deal_facts')") / 1048576.0);
    }

    private static string N(double value) => value.ToString("N0", new NumberFormatInfo { NumberGroupSeparator = " ", NumberDecimalSeparator = "." });

    private static string Verdict(bool met) => met ? "met" : "**MISSED**";

    private static string Markdown(ReportsOptions o, ReportsData data, string mix, string staff, long leadsTotal, long leadsInMonth, long monthEvents,
        double loadSeconds, double copySeconds, double tableMb, double eventsMb, Rebuild rebuild, FactsFloor floor, List<Measure> measures, double peakMb,
        string apiPlans, List<double> handJit)
    {
        var t = new StringBuilder();
        t.AppendLine($"| report of {o.Period} | API, median of {o.Runs} | hand SQL, median of {o.Runs} | API / SQL | API ≤ {N(LatencyTargetMs)} ms | ratio ≤ {RatioTarget:F0}× | API peak RSS |");
        t.AppendLine("| --- | ---: | ---: | ---: | --- | --- | ---: |");
        foreach (var m in measures)
        {
            var d = m.Default;
            t.AppendLine($"| {m.Name}, `GET {m.Path}` | {N(d.Api)} ms | {N(d.Hand)} ms | {d.Ratio:F1}× | {Verdict(d.Api <= LatencyTargetMs)} | " +
                $"{Verdict(d.Ratio <= RatioTarget)} | {d.PeakRssMb:F0} MB |");
        }
        var noisy = measures.Select(m => (m.Name, Share: m.Default.Cpu.Others / (m.Default.WallSeconds * Environment.ProcessorCount)))
            .Where(p => p.Share > 0.1).ToList();
        if (noisy.Count > 0)
            t.AppendLine($"\n**Noisy run:** other processes used more than 10 % of the CPU while some reports were timed ({string.Join(", ", noisy.Select(p => $"{p.Name} {p.Share:P0}"))}); " +
                "both sides are slower than on an idle machine.");
        t.AppendLine();
        t.AppendLine($"Against the floor: a hand-written bare read of the month's facts with their deals ({N(floor.Rows)} rows, no grouping; " +
            $"`ReportsSql.FactsRead`), median {N(floor.Ms)} ms ({Ms(floor.Runs)}):");
        t.AppendLine();
        t.AppendLine("| report | API, median | bare read of the facts | API / bare read |");
        t.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var m in measures)
            t.AppendLine($"| {m.Name} | {N(m.Default.Api)} ms | {N(floor.Ms)} ms | {m.Default.Api / floor.Ms:F1}× |");
        t.AppendLine();
        t.AppendLine("The API reads the facts kept per lead and deal (`lead_facts`, `deal_facts`); the hand SQL aggregates the month's leads' events " +
            "as one query would without them, and is the independent check of the API's numbers. The hand SQL counts the SLA in wall-clock time " +
            "(5 minutes after creation), the API in the tenant's working time; the numbers compared (see Details) do not depend on that.");
        t.AppendLine();
        t.AppendLine("Where the API's time goes. PostgreSQL: the execution time of the API's statements, pg_stat_statements, mean per request; the " +
            "rest is the API process and the transfer:");
        t.AppendLine();
        t.AppendLine("| report | API, mean | of which PostgreSQL | the rest |");
        t.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var m in measures)
        {
            var d = m.Default;
            t.AppendLine($"| {m.Name} | {N(d.ApiMs.Average())} ms | {N(d.ApiPostgresMs)} ms | {N(d.ApiMs.Average() - d.ApiPostgresMs)} ms |");
        }
        t.AppendLine();
        t.AppendLine("Details:");
        t.AppendLine();
        t.AppendLine($"- Tenant: provisioned by a partner through the API, signed in to as its admin through the authorization code flow (PKCE); " +
            $"{data.Staff.Count} employees in {data.Teams.Count} teams ({staff}), default settings (Europe/Moscow, 09:00–18:00 on weekdays, a 5-minute SLA, " +
            $"last non-direct attribution), {data.ChannelCount} channels with {data.CampaignCount} campaigns and ad spend per day, one active plan.");
        t.AppendLine($"- Events: {N(data.Events)} for {N(leadsTotal)} leads over {o.Months} months up to {o.Period} (seed {o.Seed}), {N(leadsInMonth)} leads " +
            $"created in {o.Period} with {N(monthEvents)} events; mix: {mix}. Loaded by one binary COPY in time order as a superuser, then " +
            $"`vacuum (analyze)` and a checkpoint ({loadSeconds:F0} s, COPY {copySeconds:F0} s, not timed); `events` {tableMb:F0} MB, {eventsMb:F0} MB with its indexes.");
        t.AppendLine($"- Facts: the COPY bypasses ingestion, so every lead and deal ({N(rebuild.Rows)}) was then listed for a rebuild, a thousand " +
            $"a row as if imported, and the API's lead-facts worker rebuilt them in {rebuild.Seconds:F0} s ({N(rebuild.Rows / rebuild.Seconds)} a second, " +
            $"default of 10 such rows a transaction); `lead_facts` and `deal_facts` {rebuild.FactsMb:F0} MB with their indexes.");
        foreach (var m in measures)
            t.AppendLine($"- {m.Name}: API runs {Ms(m.Default.ApiMs)} ms, hand SQL runs {Ms(m.Default.SqlMs)} ms ({m.SqlRows} rows), answer " +
                $"{m.ResponseBytes / 1024.0:F0} kB. Checked: {m.Agreement}.");
        t.AppendLine($"- Each report: one untimed request and hand SQL run first, then {o.Runs} of each in turns, one at a time. API: from sending the request " +
            "to having read the whole answer, with the admin's access token. Hand SQL: Npgsql as the application role in a transaction with the tenant set " +
            "(row-level security applies, as in the API), from sending the query to having read all its rows.");
        foreach (var m in measures)
            t.AppendLine($"- CPU while {m.Name} was timed (API and hand SQL in turns): {m.Default.Cpu.Describe(m.Default.WallSeconds)}.");
        t.AppendLine($"- API resident set: peak {peakMb:F0} MB (VmHWM, whole process life, the set-up included); the table's column is the highest sampled " +
            "while each report was timed.");
        t.AppendLine($"- EXPLAIN (ANALYZE, BUFFERS) of the API's statements over 100 ms during one more request of each report (auto_explain): {apiPlans}; " +
            $"of the hand SQL: {(handJit.Count == 0 ? "no JIT compilation" : $"JIT compilation {Ms(handJit)} ms")}. In `explain-api.log` and " +
            "`explain-hand-*.txt` in the run's folder (`--keep`).");
        return t.ToString();
    }

    // ---- Database helpers ----

    private static int Fail(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
            Console.Error.WriteLine("load generator reports: " + failure);
        return 1;
    }
}
