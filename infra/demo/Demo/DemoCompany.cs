using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Saas.Demo;

/// <summary>The demo company, end to end through the public API: a partner provisions the tenant, its admin activates
/// and signs in (authorization code + PKCE), sets up teams, people, users and an integration key, generates the plan
/// from the Russian description and activates it; the "CRM" posts months of events and spend with the key; the
/// admin calculates the statements and reads the reports.</summary>
public sealed class DemoCompany(Options o)
{
    private readonly Api _api = new(o.Api);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Step(string message) => Console.Error.WriteLine($"\u001b[1;34m==>\u001b[0m [{_clock.Elapsed:mm\\:ss}] {message}");

    private static void Note(string message) => Console.Error.WriteLine($"    {message}");

    public async Task<int> RunAsync()
    {
        await _api.EnsureReachableAsync();

        // Months: the last full ones before today in Moscow; events never lie in the future.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(WorkingTime.Offset).DateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var firstMonth = thisMonth.AddMonths(-o.Months);
        var periods = Enumerable.Range(0, o.Months).Select(i => firstMonth.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        Step($"Demo company against {o.Api} (seed {o.Seed}): {string.Join(", ", periods)}, today {today:yyyy-MM-dd}");

        // 1. The partner provisions the tenant and its first admin; the admin sets a password once.
        _api.Bearer = await _api.PartnerTokenAsync(o.PartnerId, o.PartnerSecret);
        var (tenant, slug) = await ProvisionAsync();
        var tenantId = tenant.GetProperty("id").GetString()!;
        var admin = new Login("Мария Иванова", $"maria@{slug}.example", $"demo-admin-{o.Seed}-{slug}", "admin");
        await ActivateAsync(tenant.GetProperty("admin").GetProperty("activationToken").GetString()!, admin.Password);
        _api.Bearer = null;
        Step($"Tenant {slug} ({tenantId}); admin {admin.Email} activated");

        // 2. The admin signs in as a frontend makes users do: /connect/authorize (login form) → code → tokens.
        _api.User = await _api.SignInAsync(o.ClientId, o.RedirectUri, admin.Email, admin.Password);
        Step($"Signed in as the admin through {o.ClientId} (authorization code + PKCE)");

        // 3. Teams, employees (with their amoCRM ids, which the events name them by), users and the integration key.
        var teams = new Dictionary<string, string>();
        foreach (var team in Company.Teams)
            teams[team.Key] = (await _api.PostAsync("/api/v1/teams", new { name = team.Name, department = team.Department }, HttpStatusCode.Created))
                .GetProperty("id").GetString()!;
        var employees = new Dictionary<string, string>();
        foreach (var p in Company.Staff)
        {
            var created = await _api.PostAsync("/api/v1/employees", new
            {
                fullName = p.FullName,
                email = $"{p.Login}@{slug}.example",
                role = p.Role,
                teamId = teams[p.Team],
                baseSalary = p.BaseSalary,
                currency = Company.Currency,
                startDate = p.StartDate,
                externalIds = new Dictionary<string, string> { [Company.Crm] = p.CrmId },
            }, HttpStatusCode.Created);
            employees[p.Key] = created.GetProperty("id").GetString()!;
        }
        Step($"{Company.Teams.Count} teams, {Company.Staff.Count} employees: " +
             string.Join(", ", Company.Staff.GroupBy(p => p.Role).Select(g => $"{g.Count()} {g.Key}")));

        var manager = new Login("Павел Лебедев", $"pavel@{slug}.example", $"demo-manager-{o.Seed}-{slug}", "manager");
        await InviteAsync(manager, null);
        var igor = Company.Get("igor");
        var employee = new Login(igor.FullName, $"{igor.Login}@{slug}.example", $"demo-employee-{o.Seed}-{slug}", "employee");
        await InviteAsync(employee, employees[igor.Key]);
        Step($"Users: manager {manager.Email}, employee {employee.Email} (linked to the sales manager {igor.FullName}), activated with passwords");

        var key = await _api.PostAsync("/api/v1/api-keys", new { name = "amoCRM (demo)", scopes = new[] { "actuals:write", "actuals:read" } },
            HttpStatusCode.Created);
        var apiKey = key.GetProperty("key").GetString()!;
        Step($"API key {key.GetProperty("prefix").GetString()}… with actuals:write, actuals:read");

        // 4. The assistant reads the Russian description; the plan is generated from it and put in force.
        var parsed = await _api.PostAsync("/api/v1/assistant/parse", new { text = Company.Description });
        Step("The assistant read: " + Describe(parsed));
        // The team and the goal come from the Russian text; the company's own numbers keep the targets at its scale.
        // The plan also covers this month, whose progress the employee reads below.
        var plan = await _api.PostAsync("/api/v1/plans/generate", new
        {
            description = Company.Description,
            economics = Company.Economics(o.LeadsPerMonth),
            periods = periods.Append(thisMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList(),
            name = "Демо: маркетинг и продажи",
        }, HttpStatusCode.Created);
        var planId = plan.GetProperty("id").GetString()!;
        var activated = await _api.PostAsync($"/api/v1/plans/{planId}/activate", new { effectiveFrom = firstMonth });
        Step($"Plan {planId} generated from the description ({Components(plan)}) and active from {firstMonth:yyyy-MM-dd} " +
             $"({activated.GetProperty("plan").GetProperty("status").GetString()})");

        // 5. The CRM and the ad platforms post the months' activity with the API key.
        var activity = new Activity(o.Seed, firstMonth, o.Months, o.LeadsPerMonth).Generate();
        if (activity.Events.Count > 0 && activity.Events[^1].OccurredAt > DateTimeOffset.UtcNow)
            throw new DemoException("generated an event in the future; this is a bug of the demo");
        var session = _api.User;
        _api.User = null;
        _api.ApiKey = apiKey;
        await PostEventsAsync(activity.Events, slug);
        foreach (var month in activity.Spend.GroupBy(s => s.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
        {
            var stored = await _api.PostAsync("/api/v1/actuals/spend", new { entries = month.ToList() }, idempotencyKey: $"{slug}-spend-{month.Key}");
            if (stored.GetProperty("rejected").GetArrayLength() > 0)
                throw new DemoException($"spend of {month.Key} was rejected: {stored.GetProperty("rejected")}");
        }
        var soFar = ThisMonthSoFar(thisMonth, igor);
        if (soFar.Count > 0)
            await PostEventsAsync(soFar, slug + "-now");
        var spend = activity.Spend.Sum(s => s.Amount);
        Step($"Ingested {activity.Events.Count:N0} events of {activity.Leads:N0} leads and {activity.Spend.Count:N0} days × campaigns of spend " +
             $"({spend:N0} {Company.Currency}) with the API key");
        _api.ApiKey = null;
        _api.User = session;

        // 6. Statements: one calculation job per month, followed until done.
        foreach (var period in periods)
            await CalculateAsync(period);

        // 7. What the reports say about the last month, and about each month's statements.
        var last = periods[^1];
        var statements = new List<(string Period, int Count, decimal Total)>();
        var lastStatements = new List<JsonElement>();
        foreach (var period in periods)
        {
            var list = await AllAsync($"/api/v1/statements?period={period}&limit=100");
            statements.Add((period, list.Count, list.Sum(s => s.GetProperty("total").GetDecimal())));
            lastStatements = list;
        }
        var unpaid = await WhyNothingIsPaidAsync(lastStatements);
        var sla = await _api.GetAsync($"/api/v1/sla/first-response?period={last}&groupBy=employee");
        var breaches = await AllAsync($"/api/v1/sla/breaches?period={last}&limit=100");
        var funnel = await _api.GetAsync($"/api/v1/reports/funnel?period={last}&groupBy=channel");
        var disqualified = await _api.GetAsync($"/api/v1/reports/disqualifications?period={last}&groupBy=reason");

        // The employee signs in and sees their own statements only, and how this month is going.
        var mine = await AsUserAsync(employee, () => AllAsync("/api/v1/me/statements?limit=100"));
        var progress = soFar.Count > 0 ? await AsUserAsync(employee, () => _api.GetAsync("/api/v1/me/progress")) : (JsonElement?)null;

        var names = Company.Staff.ToDictionary(p => employees[p.Key], p => p.FullName);
        var checks = new List<string>();
        foreach (var period in periods)
        {
            var (monthSla, monthBreaches, monthFunnel, monthDisqualified) = period == last
                ? (sla, breaches, funnel, disqualified)
                : (await _api.GetAsync($"/api/v1/sla/first-response?period={period}&groupBy=employee"),
                    await AllAsync($"/api/v1/sla/breaches?period={period}&limit=100"),
                    await _api.GetAsync($"/api/v1/reports/funnel?period={period}&groupBy=channel"),
                    await _api.GetAsync($"/api/v1/reports/disqualifications?period={period}&groupBy=reason"));
            checks.AddRange((await CompareAsync(activity, period, monthSla, monthBreaches, monthFunnel, monthDisqualified, employees))
                .Select(problem => $"{period}: {problem}"));
        }
        if (checks.Count == 0)
            Step($"The reports of {string.Join(", ", periods)} agree with the generated data (funnel stages and revenue, SLA breaches, " +
                 "non-target leads, the sales managers' deals and revenue in their statements)");
        if (statements.Any(s => s.Count == 0))
            checks.Add("a month has no statements");
        if (breaches.Count == 0)
            checks.Add("the SLA report shows no breaches");
        if (funnel.GetProperty("groups").GetArrayLength() == 0 || funnel.GetProperty("total").GetProperty("leads").GetInt32() == 0)
            checks.Add("the funnel has no leads");
        if (mine.Count == 0)
            checks.Add($"{employee.Email} sees no statements of their own");
        if (progress is { } own && !own.GetProperty("plans").EnumerateArray().Any(plan => plan.GetProperty("components").GetArrayLength() > 0))
            checks.Add($"{employee.Email} sees no components in this month's progress");

        Print(o, slug, tenantId, admin, manager, employee, apiKey, planId, periods, activity, spend, statements, sla, breaches, funnel, disqualified, mine,
            lastStatements, unpaid, names);
        if (progress is { } reading)
            PrintProgress(o, employee, reading);
        if (checks.Count > 0)
            throw new DemoException("the reports are not what the demo expects: " + string.Join("; ", checks));
        Step($"Done in {_clock.Elapsed:mm\\:ss}");
        return 0;
    }

    private sealed record Login(string FullName, string Email, string Password, string Role);

    /// <summary>The first days of this month for one sales manager, up to now: six leads answered within a minute or two, three
    /// of them qualified to SQL and two won. None when less than eight hours of the month have passed.</summary>
    private static List<Event> ThisMonthSoFar(DateOnly thisMonth, Company.Person manager)
    {
        var start = new DateTimeOffset(thisMonth.ToDateTime(TimeOnly.MinValue), WorkingTime.Offset);
        var span = DateTimeOffset.UtcNow - start;
        if (span < TimeSpan.FromHours(8))
            return [];
        var events = new List<Event>();
        for (var i = 1; i <= 6; i++)
        {
            var lead = $"N-{thisMonth:yyMM}-{i}";
            var created = start + span * i / 8;
            void Add(string type, TimeSpan after, decimal? amount = null) => events.Add(new Event(Company.Crm, $"{lead}-{type}", type, created + after,
                lead, type == "deal.won" ? $"D-{lead}" : null, null, manager.CrmId, type == "lead.created" ? "seo" : null, null, null, amount,
                amount is null ? null : Company.Currency));
            Add("lead.created", TimeSpan.Zero);
            Add("lead.assigned", TimeSpan.FromSeconds(10));
            Add("lead.first_response", TimeSpan.FromMinutes(2));
            if (i > 3)
                continue;
            Add("lead.mql", TimeSpan.FromMinutes(30));
            Add("lead.sal", TimeSpan.FromMinutes(45));
            Add("lead.sql", TimeSpan.FromHours(1));
            if (i <= 2)
                Add("deal.won", TimeSpan.FromHours(2), 900_000m);
        }
        return events;
    }

    private static string Money(decimal value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ') + " " + Company.Currency;

    private static void PrintProgress(Options o, Login employee, JsonElement progress)
    {
        var pace = progress.GetProperty("pace");
        Console.WriteLine();
        Console.WriteLine($"{employee.FullName}'s {progress.GetProperty("period").GetString()} so far ({o.Api.ToString().TrimEnd('/')}/api/v1/me/progress, " +
                          $"{pace.GetProperty("workingDaysElapsed").GetInt32()} of {pace.GetProperty("workingDays").GetInt32()} working days):");
        var projected = progress.GetProperty("projectedTotal");
        Console.WriteLine($"  earned so far (provisional) {Money(progress.GetProperty("total").GetDecimal())}" +
                          (projected.ValueKind == JsonValueKind.Number ? $", at this pace by the month's end {Money(projected.GetDecimal())}" : ""));
        foreach (var component in progress.GetProperty("plans").EnumerateArray().SelectMany(plan => plan.GetProperty("components").EnumerateArray()))
        {
            if (component.TryGetProperty("nextStep", out var next) && next.ValueKind == JsonValueKind.Object)
                Console.WriteLine($"  next: {next.GetProperty("text").GetString()}");
            if (component.TryGetProperty("gate", out var gate) && gate.ValueKind == JsonValueKind.Object)
                Console.WriteLine($"  gate: {gate.GetProperty("text").GetString()}");
        }
    }

    /// <summary>The reports against what the generator made happen: the month's leads, stages, deals and revenue (funnel),
    /// late or unanswered leads (breaches), disqualified leads, and each sales manager's deals and revenue (statements).</summary>
    private async Task<List<string>> CompareAsync(Activity activity, string period, JsonElement sla, List<JsonElement> breaches, JsonElement funnel,
        JsonElement disqualified, Dictionary<string, string> employees)
    {
        var problems = new List<string>();
        var expected = activity.Cohorts[period];
        void Same(string what, decimal actual, decimal wanted)
        {
            if (actual != wanted)
                problems.Add($"{what}: the API says {actual}, the generated data {wanted}");
        }
        var total = funnel.GetProperty("total");
        Same("funnel leads", total.GetProperty("leads").GetInt32(), expected.Leads);
        Same("funnel MQL", total.GetProperty("mql").GetInt32(), expected.Mql);
        Same("funnel SAL", total.GetProperty("sal").GetInt32(), expected.Sal);
        Same("funnel SQL", total.GetProperty("sql").GetInt32(), expected.Sql);
        Same("funnel deals won", total.GetProperty("dealsWon").GetInt32(), expected.Won);
        Same("funnel revenue", total.GetProperty("revenue").GetDecimal(), expected.Revenue);
        Same("first-response leads", sla.GetProperty("total").GetProperty("leads").GetInt32(), expected.Leads);
        Same("SLA breaches", breaches.Count, expected.Breaches);
        Same("non-target leads", disqualified.GetProperty("totals").GetProperty("nonTargetLeads").GetInt32(), expected.NonTarget);

        var statements = await AllAsync($"/api/v1/statements?period={period}&limit=100");
        foreach (var manager in Company.SalesManagers)
        {
            var summary = statements.FirstOrDefault(s => s.GetProperty("employeeId").GetString() == employees[manager.Key]);
            if (summary.ValueKind == JsonValueKind.Undefined)
            {
                problems.Add($"{manager.FullName} has no statement for {period}");
                continue;
            }
            var statement = await _api.GetAsync($"/api/v1/statements/{summary.GetProperty("id").GetString()}");
            var (deals, revenue) = activity.Won.GetValueOrDefault((period, manager.CrmId));
            foreach (var line in statement.GetProperty("lines").EnumerateArray())
            {
                var metric = line.TryGetProperty("metric", out var m) ? m.GetString() : null;
                if (line.TryGetProperty("actual", out var actual) && actual.ValueKind == JsonValueKind.Number)
                {
                    if (metric == "revenue")
                        Same($"{manager.FullName}'s revenue in the statement", actual.GetDecimal(), revenue);
                    else if (metric == "deals_won")
                        Same($"{manager.FullName}'s deals won in the statement", actual.GetDecimal(), deals);
                }
            }
        }
        return problems;
    }

    /// <summary>POST /partner/tenants with demo-SEED (or --slug); a slug taken by an earlier run gets -2, -3, … appended.</summary>
    private async Task<(JsonElement Tenant, string Slug)> ProvisionAsync()
    {
        var stem = o.Slug ?? $"demo-{o.Seed}";
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            var slug = attempt == 1 ? stem : $"{stem}-{attempt}";
            var (status, json, text) = await _api.TrySendAsync(HttpMethod.Post, "/api/v1/partner/tenants", new
            {
                name = Company.Name + (attempt == 1 ? "" : $" ({attempt})"),
                slug,
                currency = Company.Currency,
                timeZone = Company.TimeZone,
                locale = "ru",
                admin = new { email = $"maria@{slug}.example", fullName = "Мария Иванова" },
            });
            if (status == HttpStatusCode.Created)
            {
                if (attempt > 1)
                    Note($"the slug {stem} already exists (an earlier run), so this run makes {slug}");
                return (json, slug);
            }
            if (status != HttpStatusCode.Conflict)
                throw new DemoException($"POST /api/v1/partner/tenants answered {(int)status}: {Api.Problem(text)}");
        }
        throw new DemoException($"the slugs {stem} to {stem}-100 are all taken; pass another --slug");
    }

    private async Task ActivateAsync(string token, string password)
    {
        var (user, bearer) = (_api.User, _api.Bearer);
        (_api.User, _api.Bearer) = (null, null);
        await _api.PostAsync("/api/v1/auth/activate", new { activationToken = token, password });
        (_api.User, _api.Bearer) = (user, bearer);
    }

    private async Task InviteAsync(Login login, string? employeeId)
    {
        var invited = await _api.PostAsync("/api/v1/users", new { email = login.Email, fullName = login.FullName, role = login.Role, employeeId },
            HttpStatusCode.Created);
        await ActivateAsync(invited.GetProperty("activationToken").GetString()!, login.Password);
    }

    private async Task<T> AsUserAsync<T>(Login login, Func<Task<T>> action)
    {
        var admin = _api.User;
        _api.User = await _api.SignInAsync(o.ClientId, o.RedirectUri, login.Email, login.Password);
        try
        {
            return await action();
        }
        finally
        {
            _api.User = admin;
        }
    }

    /// <summary>Events in requests of up to 2 000, each with an Idempotency-Key so that a retried request replays its answer.</summary>
    private async Task PostEventsAsync(List<Event> events, string slug)
    {
        const int batch = 2000;
        var accepted = 0;
        for (var i = 0; i < events.Count; i += batch)
        {
            var chunk = events.GetRange(i, Math.Min(batch, events.Count - i));
            var result = await _api.PostAsync("/api/v1/actuals/events", new { events = chunk }, idempotencyKey: $"{slug}-events-{i / batch}");
            if (result.GetProperty("rejected").GetArrayLength() > 0)
                throw new DemoException($"events were rejected, the first: {result.GetProperty("rejected")[0]} " +
                                        $"({JsonSerializer.Serialize(chunk[result.GetProperty("rejected")[0].GetProperty("index").GetInt32()], Api.Json)})");
            accepted += result.GetProperty("accepted").GetInt32();
        }
        if (accepted != events.Count)
            Note($"{events.Count - accepted} events were already stored (duplicates)");
    }

    /// <summary>POST /periods/{period}/calculations answers 202 with a job; GET /jobs/{id} until it succeeds or fails.</summary>
    private async Task CalculateAsync(string period)
    {
        var job = await _api.PostAsync($"/api/v1/periods/{period}/calculations", null, HttpStatusCode.Accepted);
        var id = job.GetProperty("id").GetString()!;
        var started = Stopwatch.StartNew();
        while (true)
        {
            var status = job.GetProperty("status").GetString();
            if (status == "succeeded")
                break;
            if (status == "failed")
                throw new DemoException($"the calculation of {period} failed: {job.GetProperty("error")}");
            if (started.Elapsed > TimeSpan.FromMinutes(15))
                throw new DemoException($"the calculation of {period} is still {status} after 15 minutes (job {id})");
            await Task.Delay(TimeSpan.FromSeconds(1));
            job = await _api.GetAsync($"/api/v1/jobs/{id}");
        }
        Step($"Calculated {period}: {job.GetProperty("total").GetInt32()} employees, {job.GetProperty("changed").GetInt32()} statements written " +
             $"({started.Elapsed.TotalSeconds:F0} s, job {id})");
    }

    /// <summary>Why each statement of the list that pays nothing does so, by statement id, read from its lines: the gate that
    /// withheld the pay (its explanation, in the tenant's language), or else that no component reached what it needs.</summary>
    private async Task<Dictionary<string, string>> WhyNothingIsPaidAsync(List<JsonElement> statements)
    {
        var reasons = new Dictionary<string, string>();
        foreach (var id in statements.Where(s => s.GetProperty("total").GetDecimal() == 0).Select(s => s.GetProperty("id").GetString()!))
        {
            var lines = (await _api.GetAsync($"/api/v1/statements/{id}")).GetProperty("lines").EnumerateArray();
            var gate = lines.FirstOrDefault(l => l.GetProperty("kind").GetString() == "gate" && l.GetProperty("outcome").GetString() != "passed");
            // The explanation's first clause is the condition and the value it had; the rest lists what it withheld.
            reasons[id] = gate.ValueKind == JsonValueKind.Object
                ? "gate missed: " + gate.GetProperty("explanation").GetString()!.Split(", ")[0]
                : "no component reached its target or threshold";
        }
        return reasons;
    }

    /// <summary>Every item of a paged list (items + nextCursor).</summary>
    private async Task<List<JsonElement>> AllAsync(string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _api.GetAsync(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }

    private static string Describe(JsonElement parsed)
    {
        var roles = parsed.GetProperty("roles").EnumerateArray()
            .Select(r => $"{(r.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32().ToString(CultureInfo.InvariantCulture) : "?")} " +
                         r.GetProperty("role").GetString());
        var goals = parsed.GetProperty("goals").EnumerateArray().Select(g => g.TryGetProperty("text", out var t) ? t.GetString() : g.ToString());
        var unrecognized = parsed.GetProperty("unrecognized").GetArrayLength();
        return $"{string.Join(", ", roles)}; goals: {string.Join("; ", goals)}; {unrecognized} fragment(s) not understood";
    }

    /// <summary>A lead that saw an ad, came back "direct" and was won: its source by the attribution model is the ad.</summary>
    private static string? ExampleLead(Activity activity)
    {
        var touched = activity.Events.Where(e => e.Type == "lead.touch").Select(e => e.LeadId).ToHashSet();
        return activity.Events.FirstOrDefault(e => e.Type == "deal.won" && touched.Contains(e.LeadId))?.LeadId
               ?? activity.Events.First(e => e.Type == "lead.created").LeadId;
    }

    /// <summary>"5 roles, 20 components": the plan's assignments and their components.</summary>
    private static string Components(JsonElement plan)
    {
        if (!plan.TryGetProperty("document", out var document) || !document.TryGetProperty("assignments", out var assignments))
            return "KPIs per role";
        var components = assignments.EnumerateArray().Sum(a => a.TryGetProperty("components", out var c) ? c.GetArrayLength() : 0);
        return $"{assignments.GetArrayLength()} roles, {components} components";
    }

    private static void Print(Options o, string slug, string tenantId, Login admin, Login manager, Login employee, string apiKey, string planId,
        List<string> periods, Activity activity, decimal spend, List<(string Period, int Count, decimal Total)> statements, JsonElement sla,
        List<JsonElement> breaches, JsonElement funnel, JsonElement disqualified, List<JsonElement> mine, List<JsonElement> lastStatements,
        Dictionary<string, string> unpaid, Dictionary<string, string> names)
    {
        var api = o.Api.ToString().TrimEnd('/');
        var last = periods[^1];
        string Percent(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? $"{v.GetDecimal() * 100:F1} %" : "—";
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine($"Demo company \"{Company.Name}\" — tenant {slug} ({tenantId}), {string.Join(", ", periods)}, seed {o.Seed}");
        w.WriteLine();
        w.WriteLine("Sign in (Swagger UI: Authorize → oauth2, client swagger-ui) at " + api + "/swagger as:");
        w.WriteLine($"  admin     {admin.Email,-32} password {admin.Password}");
        w.WriteLine($"  manager   {manager.Email,-32} password {manager.Password}");
        w.WriteLine($"  employee  {employee.Email,-32} password {employee.Password}   ({employee.FullName}, sales manager)");
        w.WriteLine($"  CRM API key (X-Api-Key, actuals:write + actuals:read): {apiKey}");
        w.WriteLine();
        w.WriteLine($"Plan {planId} (generated from: \"{Company.Description}\")");
        w.WriteLine($"Activity: {activity.Leads:N0} leads, {activity.Events.Count:N0} events, spend {Money(spend)}");
        w.WriteLine("Statements: " + string.Join("; ", statements.Select(s => $"{s.Period} {s.Count} totalling {Money(s.Total)}")) +
                    $"; {employee.FullName} sees {mine.Count} of their own");
        w.WriteLine($"    {last}: " + string.Join(", ", lastStatements
            .Select(st => (Name: names.GetValueOrDefault(st.GetProperty("employeeId").GetString() ?? "", "?"), Total: st.GetProperty("total").GetDecimal(),
                Why: unpaid.GetValueOrDefault(st.GetProperty("id").GetString() ?? "")))
            .OrderBy(st => st.Name, StringComparer.Ordinal).Select(st => $"{st.Name} {Money(st.Total)}" + (st.Why is null ? "" : $" ({st.Why})"))));
        var total = sla.GetProperty("total");
        w.WriteLine($"SLA {last} (first response ≤ {sla.GetProperty("slaMinutes").GetInt32()} working min): {total.GetProperty("leads").GetInt32()} leads, " +
                    $"compliance {Percent(total, "compliance")}; {breaches.Count} breaches (late, or unanswered: {total.GetProperty("waiting").GetInt32()})");
        foreach (var g in sla.GetProperty("groups").EnumerateArray())
            w.WriteLine($"    {names.GetValueOrDefault(g.GetProperty("key").GetString() ?? "", g.GetProperty("key").GetString() ?? ""),-18} " +
                        $"{g.GetProperty("leads").GetInt32(),4} leads, compliance {Percent(g, "compliance"),7}, late {g.GetProperty("late").GetInt32()}");
        var ft = funnel.GetProperty("total");
        w.WriteLine($"Funnel {last} by channel: {ft.GetProperty("leads").GetInt32()} leads → {ft.GetProperty("mql").GetInt32()} MQL → " +
                    $"{ft.GetProperty("sal").GetInt32()} SAL → {ft.GetProperty("sql").GetInt32()} SQL → {ft.GetProperty("dealsWon").GetInt32()} won " +
                    $"({Money(ft.GetProperty("revenue").GetDecimal())}), CR lead→won {Percent(ft, "crLeadToWon")}");
        foreach (var g in funnel.GetProperty("groups").EnumerateArray())
            w.WriteLine($"    {g.GetProperty("key").GetString(),-14} {g.GetProperty("leads").GetInt32(),4} leads, {g.GetProperty("sql").GetInt32(),3} SQL, " +
                        $"{g.GetProperty("dealsWon").GetInt32(),3} won");
        var dt = disqualified.GetProperty("totals");
        w.WriteLine($"Non-target leads {last}: {dt.GetProperty("nonTargetLeads").GetInt32()} of {dt.GetProperty("leads").GetInt32()} " +
                    $"({Percent(dt, "share")}), {dt.GetProperty("hours").GetDecimal():F1} h of sales time = {Money(dt.GetProperty("cost").GetDecimal())}");
        w.WriteLine();
        w.WriteLine("Look at it (a token: sign in through Swagger UI, or the authorization-code flow of api.http):");
        w.WriteLine($"  {api}/swagger");
        w.WriteLine($"  GET {api}/api/v1/statements?period={last}");
        w.WriteLine($"  GET {api}/api/v1/sla/first-response?period={last}&groupBy=employee");
        w.WriteLine($"  GET {api}/api/v1/sla/breaches?period={last}");
        w.WriteLine($"  GET {api}/api/v1/reports/funnel?period={last}&groupBy=channel");
        w.WriteLine($"  GET {api}/api/v1/reports/disqualifications?period={last}&groupBy=campaign");
        w.WriteLine($"  GET {api}/api/v1/plans/{planId}");
        w.WriteLine($"  curl -H 'X-Api-Key: {apiKey}' '{api}/api/v1/actuals/leads/{ExampleLead(activity)}'");
    }
}
