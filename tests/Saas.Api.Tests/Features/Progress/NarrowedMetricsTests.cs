using System.Globalization;
using System.Net;
using System.Text.Json;
using Alba;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Api.Tests.Features.Progress;

/// <summary>Progress reads an employee's own metrics narrowed to the leads, deals and events that can count for them (<see
/// cref="PeriodMetrics.ComputeForAsync"/>); the statement reads the whole tenant. They must agree for everyone, whatever the
/// funnel did: owners and assignees, reassignments (some after the period), stage events by someone else, leads created before
/// the period, disqualifications by someone else or nobody, splits, overlays, corrected and refunded deals, repeat customers,
/// another currency, accounts and complaints, and values a CRM posted.</summary>
public class NarrowedMetricsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private IAlbaHost Host => fixture.Host;

    private async Task<JsonElement> PostAsync(string token, string url, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        })).ReadAsJson<JsonElement>();

    private static List<Dictionary<string, object?>> Events(IReadOnlyList<Guid> managers, IReadOnlyList<Guid> sdrs, Guid marketer, Guid accounts, int seed)
    {
        var random = new Random(seed);
        var events = new List<Dictionary<string, object?>>();
        Guid Any(IReadOnlyList<Guid> people) => people[random.Next(people.Count)];
        void Add(string type, DateTimeOffset at, string? lead, Guid? employee, params (string Key, object Value)[] more) =>
            events.Add(ActualsScenarios.Event($"{type}-{events.Count}", type, at, lead, employee, more));

        var start = new DateTimeOffset(2026, 9, 15, 9, 0, 0, TimeSpan.FromHours(3));
        for (var i = 0; i < 260; i++)
        {
            var lead = $"L{i}";
            var created = start.AddDays(random.Next(0, 46)).AddMinutes(random.Next(0, 10 * 60));
            var owner = random.NextDouble() < 0.85 ? Any([.. sdrs, marketer]) : (Guid?)null;
            Add("lead.created", created, lead, owner, ("channel", "seo"));
            if (random.NextDouble() < 0.1)
                Add("lead.created", created.AddMinutes(30), lead, Any(sdrs), ("channel", "email"));
            var manager = Any(managers);
            if (random.NextDouble() < 0.8)
                Add("lead.assigned", created.AddMinutes(random.Next(1, 20)), lead, manager);
            var answer = random.NextDouble();
            if (answer < 0.85)
                Add("lead.first_response", created.AddMinutes(answer < 0.6 ? 3 : 90), lead, random.NextDouble() < 0.8 ? manager : owner ?? Any(sdrs));
            if (random.NextDouble() < 0.15)
                Add("lead.assigned", created.AddDays(random.Next(1, 40)), lead, Any(managers));
            if (random.NextDouble() < 0.2)
            {
                Add("lead.disqualified", created.AddHours(5), lead, random.NextDouble() < 0.5 ? Any([.. sdrs, .. managers]) : null,
                    ("reasonCode", random.NextDouble() < 0.6 ? "no_budget" : "spam"));
                continue;
            }
            if (random.NextDouble() < 0.4)
                continue;
            Add("lead.mql", created.AddHours(2), lead, random.NextDouble() < 0.7 ? Any(sdrs) : null);
            if (random.NextDouble() < 0.5)
                Add("lead.sal", created.AddHours(3), lead, manager);
            if (random.NextDouble() < 0.4)
                continue;
            Add("lead.sql", created.AddDays(random.Next(0, 6)), lead, random.NextDouble() < 0.8 ? manager : Any(managers));
            if (random.NextDouble() < 0.5)
                continue;
            var deal = $"D{i}";
            var won = created.AddDays(random.Next(1, 12));
            var amount = 10_000m * random.Next(1, 30);
            var currency = random.NextDouble() < 0.1 ? "USD" : "RUB";
            var shape = random.Next(4);
            (string, object)[] credit = shape switch
            {
                0 => [("splits", new object[] { new { employeeId = manager, share = 0.5m }, new { employeeId = Any(managers), share = 0.5m } })],
                1 => [("overlays", new object[] { new { employeeId = accounts } })],
                _ => [],
            };
            Add("deal.won", won, lead, manager, [("dealId", deal), ("amount", amount), ("currency", currency), .. credit]);
            if (random.NextDouble() < 0.2)
                Add("deal.won", won.AddDays(random.Next(1, 20)), lead, Any(managers), ("dealId", deal), ("amount", amount + 5_000m), ("currency", currency));
            if (random.NextDouble() < 0.15)
                Add("deal.refunded", won.AddDays(random.Next(1, 25)), lead, null, ("dealId", deal), ("amount", amount / 2), ("currency", currency));
            // A second deal of the same customer: not a new customer, unless it was won first.
            if (random.NextDouble() < 0.2)
                Add("deal.won", won.AddDays(random.Next(-5, 10)), lead, Any(managers), ("dealId", $"{deal}b"), ("amount", 15_000m), ("currency", "RUB"));
        }
        for (var i = 0; i < 30; i++)
        {
            var at = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.FromHours(3)).AddDays(random.Next(0, 31));
            var (type, more) = random.Next(4) switch
            {
                0 => ("account.renewed", [("amount", 50_000m), ("currency", "RUB")]),
                1 => ("account.churned", Array.Empty<(string, object)>()),
                2 => ("account.cross_sold", [("amount", 7_000m), ("currency", "RUB")]),
                _ => ("complaint.registered", []),
            };
            Add(type, at, null, type == "complaint.registered" ? Any(managers) : accounts, [("accountId", $"A{i % 7}"), .. more]);
        }
        return events;
    }

    private sealed record Seeded(Guid Tenant, string Admin, List<Guid> Managers, List<Guid> Sdrs, Guid Marketer, Guid Accounts, List<Guid> Everyone);

    private async Task<Seeded> SeedAsync(string clockStart)
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await Host.Scenario(s => s.As(admin).Patch.Json(new { firstResponseSlaFrom = clockStart }).ToUrl("/api/v1/tenant"));
        async Task<Guid> Hire(string name, string role) =>
            (await PostAsync(admin, "/api/v1/employees", new { fullName = name, role, baseSalary = 80_000m })).GetProperty("id").GetGuid();
        var managers = new List<Guid>();
        var sdrs = new List<Guid>();
        for (var i = 0; i < 4; i++)
            managers.Add(await Hire($"Менеджер {i}", "sales_manager"));
        for (var i = 0; i < 3; i++)
            sdrs.Add(await Hire($"SDR {i}", "sdr"));
        var marketer = await Hire("Маркетолог", "marketer");
        var accounts = await Hire("Аккаунт", "key_account_manager");
        await PostEventsAsync(admin, Events(managers, sdrs, marketer, accounts, seed: 7));
        await PostValueAsync(admin, sdrs[0], 17m);
        return new Seeded(tenant, admin, managers, sdrs, marketer, accounts, [.. managers, .. sdrs, marketer, accounts]);
    }

    private async Task PostEventsAsync(string admin, IEnumerable<Dictionary<string, object?>> events)
    {
        foreach (var batch in events.Chunk(500))
            Assert.Equal(batch.Length, (await Host.PostEventsAsync(Caller.User(admin), batch)).Accepted);
    }

    private async Task PostValueAsync(string admin, Guid employee, decimal sql)
    {
        var crm = Caller.Integration(await Host.ApiKeyAsync(admin, "amoCRM", "actuals:write"));
        await Host.Scenario(s => crm.Apply(s).Post.Json(new { values = new[] { new { employeeId = employee, metric = "sql", period = "2026-10", value = sql } } })
            .ToUrl("/api/v1/actuals/metrics"));
    }

    private static readonly Period October = Period.Parse("2026-10");

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<PeriodMetrics> WholeAsync(Guid tenant)
    {
        await using var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
        var profile = await TenantProfile.LoadAsync(work);
        return await PeriodMetrics.ComputeAsync(work, October, profile.TimeZone, profile.Settings, profile.Currency, Now);
    }

    [Theory]
    [InlineData("lead.created")]
    [InlineData("lead.assigned")]
    public async Task Each_employees_metrics_read_narrowed_are_those_of_the_tenants_reading(string clockStart)
    {
        var (tenant, _, managers, sdrs, marketer, accounts, everyone) = await SeedAsync(clockStart);
        var whole = await WholeAsync(tenant);
        await using var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
        var profile = await TenantProfile.LoadAsync(work);
        Task<PeriodMetrics?> Narrowed(IReadOnlyCollection<Guid> employees, MetricValues tenantValues) =>
            PeriodMetrics.ComputeForAsync(work, October, profile.TimeZone, profile.Settings, profile.Currency, Now, employees, tenantValues);

        foreach (var group in everyone.Select(e => (IReadOnlyCollection<Guid>)[e]).Append(managers.Take(3).Append(marketer).ToList()))
        {
            var narrowed = (await Narrowed(group, whole.Tenant))!;
            foreach (var employee in group)
            {
                Assert.Equal(Text(whole.For(employee)), Text(narrowed.For(employee)));
                Assert.Equal(Deals(whole, employee), Deals(narrowed, employee));
            }
        }
        // Not a tenant of zeros: everyone has leads or deals, and every path above counted for someone.
        Assert.All(everyone, e => Assert.True(new[] { MetricKeys.Leads, MetricKeys.DealsWon, MetricKeys.Renewals }.Any(m => whole.For(e).Find(m) > 0), $"{e}"));
        Assert.True(whole.Deals.Values.SelectMany(d => d).Count(d => d.Share < 1) > 0, "split deals");
        Assert.True(whole.Deals.ContainsKey(accounts), "overlays");
        Assert.True(whole.Deals.ContainsKey(marketer) || whole.Deals.Keys.Intersect(sdrs).Any(), "lead owners' credit");
        Assert.Contains(everyone, e => whole.For(e).Find(MetricKeys.FirstResponseCompliance) is > 0 and < 1);
        Assert.Equal(17m, whole.For(sdrs[0]).Find(MetricKeys.Sql));
        Assert.Contains(managers, e => whole.For(e).Find(MetricKeys.ComplaintsRegistered) > 0);
        Assert.True(whole.For(accounts).Find(MetricKeys.CrossSellRevenue) > 0, "cross-selling");
        Assert.Contains(managers, e => whole.For(e).Find(MetricKeys.NewCustomers) < whole.For(e).Find(MetricKeys.DealsWon));
    }

    [Fact]
    public async Task A_leads_stages_count_in_full_for_its_owner_and_assignees_and_each_stage_for_whoever_its_event_names()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        async Task<Guid> Hire(string name, string role) =>
            (await PostAsync(admin, "/api/v1/employees", new { fullName = name, role, baseSalary = 80_000m })).GetProperty("id").GetGuid();
        var (owner, assignee, helper, disqualifier, later) = (await Hire("Владелец", "sdr"), await Hire("Менеджер", "sales_manager"),
            await Hire("Помощник", "sdr"), await Hire("Квалификатор", "sdr"), await Hire("Позже", "sales_manager"));
        var events = new List<Dictionary<string, object?>>();
        void Add(string type, string at, string lead, Guid? employee, params (string Key, object Value)[] more) =>
            events.Add(ActualsScenarios.Event($"{type}-{events.Count}", type, DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), lead, employee, more));
        // L1: owned, assigned, made an MQL by a helper and an SQL by the assignee.
        Add("lead.created", "2026-10-05T12:00:00+03:00", "L1", owner);
        Add("lead.assigned", "2026-10-05T12:10:00+03:00", "L1", assignee);
        Add("lead.mql", "2026-10-06T12:00:00+03:00", "L1", helper);
        Add("lead.sql", "2026-10-08T12:00:00+03:00", "L1", assignee);
        // L2 disqualified by someone else; L5 by nobody.
        Add("lead.created", "2026-10-10T12:00:00+03:00", "L2", owner);
        Add("lead.disqualified", "2026-10-11T12:00:00+03:00", "L2", disqualifier, ("reasonCode", "no_budget"));
        Add("lead.created", "2026-10-14T12:00:00+03:00", "L5", owner);
        Add("lead.disqualified", "2026-10-15T12:00:00+03:00", "L5", null, ("reasonCode", "spam"));
        // L3 came in September: its October stages count, its creation does not.
        Add("lead.created", "2026-09-20T12:00:00+03:00", "L3", owner);
        Add("lead.assigned", "2026-09-21T12:00:00+03:00", "L3", assignee);
        Add("lead.mql", "2026-10-02T12:00:00+03:00", "L3", null);
        Add("lead.sal", "2026-10-03T12:00:00+03:00", "L3", helper);
        // L4 is assigned only after October: not yet that assignee's in October.
        Add("lead.created", "2026-10-12T12:00:00+03:00", "L4", owner);
        Add("lead.assigned", "2026-11-03T12:00:00+03:00", "L4", later);
        await PostEventsAsync(admin, events);

        var whole = await WholeAsync(tenant);
        string Funnel(MetricValues values) => string.Join(" ", new[]
        {
            MetricKeys.Leads, MetricKeys.Mql, MetricKeys.Sal, MetricKeys.Sql, MetricKeys.NonTargetShare, MetricKeys.DisqualificationReasonCoverage,
        }.Select(m => $"{m}={values.Find(m)?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-"}"));
        Assert.Equal("leads=4 mql=2 sal=1 sql=1 non_target_share=0.5 disqualification_reason_coverage=1", Funnel(whole.For(owner)));
        Assert.Equal("leads=1 mql=2 sal=1 sql=1 non_target_share=0 disqualification_reason_coverage=1", Funnel(whole.For(assignee)));
        Assert.Equal("leads=0 mql=1 sal=1 sql=0 non_target_share=- disqualification_reason_coverage=1", Funnel(whole.For(helper)));
        Assert.Equal("leads=0 mql=0 sal=0 sql=0 non_target_share=- disqualification_reason_coverage=1", Funnel(whole.For(disqualifier)));
        Assert.Equal("leads=0 mql=0 sal=0 sql=0 non_target_share=- disqualification_reason_coverage=1", Funnel(whole.For(later)));
        Assert.Equal("leads=4 mql=2 sal=1 sql=1 non_target_share=0.5 disqualification_reason_coverage=1", Funnel(whole.Tenant));

        await using var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
        var profile = await TenantProfile.LoadAsync(work);
        foreach (var employee in new[] { owner, assignee, helper, disqualifier, later })
        {
            var narrowed = await PeriodMetrics.ComputeForAsync(work, October, profile.TimeZone, profile.Settings, profile.Currency, Now, [employee], whole.Tenant);
            Assert.Equal(Text(whole.For(employee)), Text(narrowed!.For(employee)));
        }
    }

    [Fact]
    public async Task Up_to_the_bound_of_leads_an_employees_metrics_and_deals_are_read_narrowed_and_past_it_not_at_all_even_before_statistics_know_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var seller = (await PostAsync(admin, "/api/v1/employees", new { fullName = "Продавец", role = "sales_manager", baseSalary = 80_000m }))
            .GetProperty("id").GetGuid();
        await using var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
        var profile = await TenantProfile.LoadAsync(work);
        // Written in SQL, as many leads through the API would take the test minutes; uncommitted, so no statistics count them, as
        // with a new tenant's first import. Each lead is created, assigned and answered: every statement of a reading has rows.
        // Every tenth lead is won (a new customer), and every twentieth won again as another deal (a repeat customer).
        Task AddLeadsAsync(int from, int to) => work.ExecuteAsync("""
            insert into events (tenant_id, source, external_id, type, occurred_at, lead_id, employee_id, channel, deal_id, amount, currency)
            select @TenantId, 'crm', s.type || '-' || coalesce(s.deal, '') || i, s.type, @at + s.after, 'L' || i, @seller, 'seo', s.deal || i,
                   case when s.deal is not null then 1000 end, case when s.deal is not null then @currency end
            from generate_series(@from, @to) i,
                 (values ('lead.created', interval '0', null, 1), ('lead.assigned', interval '1 minute', null, 1),
                         ('lead.first_response', interval '3 minutes', null, 1), ('deal.won', interval '1 day', 'D', 10),
                         ('deal.won', interval '2 days', 'E', 20)) s(type, after, deal, every)
            where i % s.every = 0
            """, new { work.TenantId, at = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero), seller, from, to, currency = profile.Currency });
        await AddLeadsAsync(1, PeriodMetrics.MaxNarrowedLeads);
        var whole = await PeriodMetrics.ComputeAsync(work, October, profile.TimeZone, profile.Settings, profile.Currency, Now);
        Task<PeriodMetrics?> NarrowedAsync() =>
            PeriodMetrics.ComputeForAsync(work, October, profile.TimeZone, profile.Settings, profile.Currency, Now, [seller], whole.Tenant);

        var narrowed = await NarrowedAsync();
        Assert.Equal(PeriodMetrics.MaxNarrowedLeads, whole.For(seller).Find(MetricKeys.Leads));
        Assert.Equal(PeriodMetrics.MaxNarrowedLeads / 10 + PeriodMetrics.MaxNarrowedLeads / 20, whole.For(seller).Find(MetricKeys.DealsWon));
        Assert.Equal(PeriodMetrics.MaxNarrowedLeads / 10, whole.For(seller).Find(MetricKeys.NewCustomers));
        Assert.Equal(Text(whole.For(seller)), Text(narrowed!.For(seller)));
        Assert.Equal(Deals(whole, seller), Deals(narrowed, seller));
        await AddLeadsAsync(PeriodMetrics.MaxNarrowedLeads + 1, PeriodMetrics.MaxNarrowedLeads + 1);
        Assert.Null(await NarrowedAsync());
    }

    [Fact]
    public async Task Whoever_later_events_change_is_among_the_employees_they_touch()
    {
        var (tenant, admin, managers, sdrs, marketer, accounts, everyone) = await SeedAsync("lead.assigned");
        var deals = (await WholeAsync(tenant)).Deals.Values.SelectMany(d => d).Select(d => d.DealId).Distinct().Order(StringComparer.Ordinal).ToList();
        Dictionary<string, object?> Later(string type, string at, string? lead, Guid? employee, object? extra = null)
        {
            var item = ActualsScenarios.Event($"later-{type}-{lead}-{at}", type, at, lead!, extra);
            item["employeeId"] = employee;
            return item;
        }
        // Who changed between two whole readings around what comes after a watermark, and whom that touches.
        async Task<(List<Guid> Changed, IReadOnlyList<Guid> Touched)> AfterAsync(Func<Task> later)
        {
            PeriodMetrics.Watermark since;
            await using (var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None))
                since = await PeriodMetrics.Watermark.NowAsync(work);
            var before = await WholeAsync(tenant);
            await later();
            var after = await WholeAsync(tenant);
            await using (var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None))
                return (everyone.Where(e => Text(before.For(e)) != Text(after.For(e)) || Deals(before, e) != Deals(after, e)).ToList(),
                    (await PeriodMetrics.TouchedSinceAsync(work, since, everyone, atMostEvents: 100))!);
        }

        // A stage of a lead: a few people, not everyone.
        var (changed, touched) = await AfterAsync(() => PostEventsAsync(admin, [Later("lead.sql", "2026-10-28T12:00:00+03:00", "L5", managers[0])]));
        Assert.NotEmpty(changed);
        Assert.Subset(touched.ToHashSet(), changed.ToHashSet());
        Assert.True(touched.Count < everyone.Count, $"someone is untouched: {touched.Count} touched, {changed.Count} changed of {everyone.Count}");

        // An answer, a deal corrected with a split and an overlay, another refunded, an account renewed.
        (changed, touched) = await AfterAsync(() => PostEventsAsync(admin, [
            Later("lead.first_response", "2026-10-28T12:00:00+03:00", "L6", managers[1]),
            Later("deal.won", "2026-10-29T12:00:00+03:00", null, managers[2], new
            {
                dealId = deals[0], amount = 990_000m, currency = "RUB",
                splits = new object[] { new { employeeId = managers[2], share = 0.5m }, new { employeeId = managers[3], share = 0.5m } },
                overlays = new object[] { new { employeeId = marketer } },
            }),
            Later("deal.refunded", "2026-10-30T12:00:00+03:00", null, null, new { dealId = deals[1], amount = 5_000m, currency = "RUB" }),
            Later("account.renewed", "2026-10-30T12:00:00+03:00", null, accounts, new { accountId = "A1", amount = 1_000m, currency = "RUB" })]));
        Assert.True(changed.Count >= 4, $"changed: {changed.Count}");
        Assert.Subset(touched.ToHashSet(), changed.ToHashSet());

        // A deal of no lead refunded: its closer is named only by the deal's own events.
        await PostEventsAsync(admin, [Later("deal.won", "2026-10-15T12:00:00+03:00", null, sdrs[2], new { dealId = "DX", amount = 40_000m, currency = "RUB" })]);
        (changed, touched) = await AfterAsync(() => PostEventsAsync(admin, [
            Later("deal.refunded", "2026-10-31T12:00:00+03:00", null, null, new { dealId = "DX", amount = 40_000m, currency = "RUB" })]));
        // Only its closer: the refund names nobody, and the deal no lead.
        Assert.Equal([sdrs[2]], changed);
        Assert.Equal([sdrs[2]], touched);
    }

    private static string Text(MetricValues values) =>
        string.Join("; ", values.ToDictionary().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static string Deals(PeriodMetrics metrics, Guid employee) =>
        JsonSerializer.Serialize(metrics.Deals.GetValueOrDefault(employee)?.OrderBy(d => d.DealId, StringComparer.Ordinal).ThenBy(d => d.Role));
}
