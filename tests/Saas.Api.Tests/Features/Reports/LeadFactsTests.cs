using System.Net;
using System.Text.Json;
using Alba;
using Npgsql;
using Saas.Api.Features.Reports;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Funnel = Saas.Api.Features.Reports.FunnelReport.Response;
using FunnelRow = Saas.Api.Features.Reports.FunnelReport.Row;
using StageCounts = Saas.Api.Features.Reports.FunnelReport.StageCounts;

namespace Saas.Api.Tests.Features.Reports;

/// <summary>An API whose lead-facts worker runs once at start and then sleeps: what the reports show comes from their
/// own catch-up, or from the test calling the worker's round itself.</summary>
public sealed class SleepingFactsWorkerFixture : ApiFixture
{
    protected override Dictionary<string, string?> Settings => new() { ["LeadFacts:PollInterval"] = "1.00:00:00", ["LeadFacts:SettleDelay"] = "00:00:00" };
}

public class LeadFactsTests(SleepingFactsWorkerFixture fixture) : IClassFixture<SleepingFactsWorkerFixture>
{
    private IAlbaHost Host => fixture.Host;

    private static Dictionary<string, object?> Event(string id, string type, string at, string lead, object? extra = null) =>
        ActualsScenarios.Event(id, type, at, lead, extra);

    private async Task PostAsync(string admin, params object[] events)
    {
        var posted = await Host.PostEventsAsync(Caller.User(admin), events);
        Assert.True(events.Length == posted.Accepted + posted.Duplicates, posted.ToString());
    }

    private Task<Guid> EmployeeAsync(string admin) => Host.EmployeeAsync(admin, "Анна", baseSalary: 1m);

    private async Task<T> QueryAsync<T>(Guid tenant, Func<UnitOfWork, Task<T>> query)
    {
        await using var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None);
        var result = await query(work);
        await work.CommitAsync();
        return result;
    }

    /// <summary>Imports whose leads and deals the worker has not rebuilt yet.</summary>
    private Task<int> PendingAsync(Guid tenant) =>
        QueryAsync(tenant, work => work.QuerySingleAsync<int>("select count(*)::int from lead_facts_pending where tenant_id = @TenantId", new { work.TenantId }));

    private Task<string[]> LeadsWithFactsAsync(Guid tenant) =>
        QueryAsync(tenant, async work => (await work.QueryAsync<string>("select lead_id from lead_facts where tenant_id = @TenantId order by lead_id",
            new { work.TenantId })).ToArray());

    private LeadFactsRefresher Refresher => fixture.Service<LeadFactsRefresher>();

    private async Task<Dictionary<string, FunnelRow>> FunnelByChannelAsync(string admin) =>
        (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10&groupBy=channel", admin)).Groups.ToDictionary(g => g.Key);

    [Fact]
    public async Task A_report_shows_every_acknowledged_event_at_once_though_the_worker_has_not_run()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await EmployeeAsync(admin);
        await PostAsync(admin,
            Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }),
            Event("c2", "lead.created", "2026-10-06T10:00:00+03:00", "L2", new { channel = "ads" }));
        var funnel = await FunnelByChannelAsync(admin);
        Assert.Equal((1, 0, 1, 0), (funnel["seo"].Leads, funnel["seo"].DealsWon, funnel["ads"].Leads, funnel["ads"].Sql));

        // Later events change facts already built: a stage, a deal, then the CRM moves the deal to the other lead.
        await PostAsync(admin,
            Event("s2", "lead.sql", "2026-10-07T10:00:00+03:00", "L2"),
            Event("w1", "deal.won", "2026-10-08T10:00:00+03:00", "L1", new { dealId = "D1", amount = 1000m, currency = "RUB", employeeId = anna }));
        funnel = await FunnelByChannelAsync(admin);
        Assert.Equal((1, 1000m, 1), (funnel["seo"].DealsWon, funnel["seo"].Revenue, funnel["ads"].Sql));
        await PostAsync(admin, Event("w2", "deal.won", "2026-10-09T10:00:00+03:00", "L2", new { dealId = "D1", amount = 1200m, currency = "RUB", employeeId = anna }));
        funnel = await FunnelByChannelAsync(admin);
        Assert.Equal((0, 1, 1200m), (funnel["seo"].DealsWon, funnel["ads"].DealsWon, funnel["ads"].Revenue));

        // An earlier lead.created of L1 (a second system) moves it to September.
        await PostAsync(admin, Event("c1-old", "lead.created", "2026-09-20T10:00:00+03:00", "L1", new { channel = "seo" }));
        Assert.False((await FunnelByChannelAsync(admin)).ContainsKey("seo"));
        // The reports rebuilt what they read and left the imports to the worker.
        Assert.Equal(4, await PendingAsync(tenant));
    }

    [Fact]
    public async Task A_report_rebuilds_only_the_pending_leads_created_in_its_days_and_those_that_move_in_or_out()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await EmployeeAsync(admin);
        await PostAsync(admin,
            Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }),
            Event("c2", "lead.created", "2026-11-02T10:00:00+03:00", "L2", new { channel = "ads" }),
            Event("c3", "lead.created", "2026-03-02T10:00:00+03:00", "L3", new { channel = "ads" }),
            Event("w1", "deal.won", "2026-10-08T10:00:00+03:00", "L1", new { dealId = "D1", amount = 10m, currency = "RUB", employeeId = anna }),
            Event("w3", "deal.won", "2026-03-08T10:00:00+03:00", "L3", new { dealId = "D3", amount = 10m, currency = "RUB", employeeId = anna }));
        var october = await FunnelByChannelAsync(admin);
        Assert.Equal((1, 1), (october["seo"].Leads, october["seo"].DealsWon));
        Assert.Equal(["L1"], await LeadsWithFactsAsync(tenant));
        Assert.Equal(["D1"], await QueryAsync(tenant, async work => (await work.QueryAsync<string>(
            "select deal_id from deal_facts where tenant_id = @TenantId", new { work.TenantId })).ToArray()));

        // L2's facts (November) are built by a November report; an earlier lead.created then moves it into October, and
        // the October report, finding it pending with a creation in its days, shows it.
        Assert.Equal(1, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-11", admin)).Total.Leads);
        await PostAsync(admin, Event("c2-old", "lead.created", "2026-10-30T10:00:00+03:00", "L2", new { channel = "ads" }));
        october = await FunnelByChannelAsync(admin);
        Assert.Equal((1, 1), (october["seo"].Leads, october["ads"].Leads));
        Assert.Equal(0, (await Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-11", admin)).Total.Leads);
        Assert.Equal(["L1", "L2"], await LeadsWithFactsAsync(tenant));

        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(["L1", "L2", "L3"], await LeadsWithFactsAsync(tenant));
        Assert.Equal(0, await PendingAsync(tenant));
    }

    [Fact]
    public async Task A_rebuild_that_saw_fewer_of_a_leads_events_than_the_kept_facts_does_not_replace_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await PostAsync(admin, Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }));
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        // As if a rebuild that saw three events (an MQL among them) had committed first; this one sees one.
        await QueryAsync(tenant, work => work.ExecuteAsync(
            "update lead_facts set mql = true, events_seen = 3 where tenant_id = @TenantId and lead_id = 'L1'", new { work.TenantId }));
        await QueryAsync(tenant, work => work.ExecuteAsync(
            "insert into lead_facts_pending (tenant_id, leads, created, deals) values (@TenantId, '{L1}', '{NULL}', '{}')", new { work.TenantId }));
        await Refresher.RefreshPendingAsync(CancellationToken.None);

        Assert.Equal((true, 3), await QueryAsync(tenant, work => work.QuerySingleAsync<(bool, int)>(
            "select mql, events_seen from lead_facts where tenant_id = @TenantId and lead_id = 'L1'", new { work.TenantId })));
        Assert.Equal(0, await PendingAsync(tenant));
    }

    /// <summary>Another instance's claim: its round committed the claim and is rebuilding, or stopped half-way.</summary>
    [Fact]
    public async Task Imports_another_instance_claimed_are_left_to_it_until_its_claim_runs_out()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await PostAsync(admin, Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }));
        await QueryAsync(tenant, work => work.ExecuteAsync(
            "update lead_facts_pending set claimed_until = now() + interval '1 minute' where tenant_id = @TenantId", new { work.TenantId }));

        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(1, await PendingAsync(tenant));
        Assert.Empty(await LeadsWithFactsAsync(tenant));

        await QueryAsync(tenant, work => work.ExecuteAsync(
            "update lead_facts_pending set claimed_until = now() - interval '1 second' where tenant_id = @TenantId", new { work.TenantId }));
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(0, await PendingAsync(tenant));
        Assert.Equal(["L1"], await LeadsWithFactsAsync(tenant));
    }

    [Fact]
    public async Task A_rebuild_that_fails_gives_its_claim_back_and_the_next_round_rebuilds_the_imports()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await PostAsync(admin, Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }));
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        await PostAsync(admin, Event("m1", "lead.mql", "2026-10-05T11:00:00+03:00", "L1"));
        const string ClaimedUntil = "select claimed_until from lead_facts_pending where tenant_id = @TenantId";

        // L1's facts are locked, so the rebuild waits with the import claimed, until its round is cancelled.
        await using (var locking = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None))
        {
            await locking.ExecuteAsync("select from lead_facts where tenant_id = @TenantId and lead_id = 'L1' for update", new { locking.TenantId });
            using var cancel = new CancellationTokenSource();
            var round = Refresher.RefreshPendingAsync(cancel.Token);
            await Polling.UntilAsync(async () => await locking.QuerySingleAsync<DateTimeOffset?>(ClaimedUntil, new { locking.TenantId }) is not null,
                "the round did not claim the import within 20 s");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round);
        }
        Assert.Null(await QueryAsync(tenant, work => work.QuerySingleAsync<DateTimeOffset?>(ClaimedUntil, new { work.TenantId })));

        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(0, await PendingAsync(tenant));
        Assert.True(await QueryAsync(tenant, work => work.QuerySingleAsync<bool>(
            "select mql from lead_facts where tenant_id = @TenantId and lead_id = 'L1'", new { work.TenantId })));
    }

    [Fact]
    public async Task The_worker_rebuilds_the_pending_leads_and_deals_of_every_tenant_and_leaves_none_pending()
    {
        var first = await fixture.CreateTenantAsync();
        var second = await fixture.CreateTenantAsync();
        foreach (var tenant in new[] { first, second })
        {
            var admin = await fixture.TokenAsync(tenant);
            var anna = await EmployeeAsync(admin);
            await PostAsync(admin,
                Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }),
                Event("q1", "lead.disqualified", "2026-10-05T11:00:00+03:00", "L1", new { reasonCode = "spam" }),
                Event("w1", "deal.won", "2026-10-08T10:00:00+03:00", "L1", new { dealId = "D1", amount = 10m, currency = "RUB", employeeId = anna }));
        }
        Assert.Equal((1, 1), (await PendingAsync(first), await PendingAsync(second)));

        await Refresher.RefreshPendingAsync(CancellationToken.None);

        foreach (var tenant in new[] { first, second })
        {
            Assert.Equal(0, await PendingAsync(tenant));
            Assert.Equal("L1 spam seo D1", await QueryAsync(tenant, work => work.QuerySingleAsync<string>("""
                select f.lead_id || ' ' || f.reason_code || ' ' || f.last_non_direct[1][1] || ' ' || d.deal_id
                from lead_facts f join deal_facts d on d.tenant_id = f.tenant_id and d.lead_id = f.lead_id where f.tenant_id = @TenantId
                """, new { work.TenantId })));
        }
    }

    [Fact]
    public async Task A_rebuild_reads_each_lead_and_deal_through_its_own_key_even_before_statistics_know_the_tenants_rows()
    {
        const int Leads = 2000;
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await EmployeeAsync(admin);
        await using var work = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
        // Uncommitted, so no statistics count them, as with a new tenant's first import: every estimate of the tenant's rows
        // is one. Each lead is created (by Anna), touched and assigned; every tenth is won, and every twentieth's deal is
        // corrected later to name the lead after it.
        await work.ExecuteAsync("""
            insert into events (tenant_id, source, external_id, type, occurred_at, lead_id, employee_id, channel, deal_id, amount, currency)
            select @TenantId, 'crm', s.type || '-' || s.after || '-' || i, s.type, @at + s.after, 'L' || (i + s.next_lead),
                   case when s.type in ('lead.created', 'lead.assigned') then @anna end, s.channel, s.deal || i,
                   case when s.deal is not null then 1000 + s.next_lead end, case when s.deal is not null then 'RUB' end
            from generate_series(1, @count) i,
                 (values ('lead.created', interval '0', 'seo', null, 1, 0), ('lead.touch', interval '1 minute', 'ads', null, 1, 0),
                         ('lead.assigned', interval '2 minutes', null, null, 1, 0), ('deal.won', interval '1 day', null, 'D', 10, 0),
                         ('deal.won', interval '2 days', null, 'D', 20, 1)) s(type, after, channel, deal, every, next_lead)
            where i % s.every = 0
            """, new { work.TenantId, at = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero), anna, count = Leads });
        var leads = Enumerable.Range(1, Leads).Select(i => $"L{i}").ToArray();
        var deals = Enumerable.Range(1, Leads / 10).Select(i => $"D{i * 10}").ToArray();

        // Every scan of the events probes a lead's or a deal's own index. Any other index that leads with the tenant serves the
        // probe too, and once scanned for every lead it took 6 s a statement of 500 leads (50 000 leads).
        async Task<string[]> IndexesScannedAsync(string sql, object parameters)
        {
            var plan = await work.QuerySingleAsync<string>("explain (format json) " + sql, parameters);
            var scans = new List<string>();
            void Walk(JsonElement node)
            {
                var type = node.GetProperty("Node Type").GetString()!;
                var index = node.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
                // A bitmap scan names its relation on the heap scan and its index on the index scan under it.
                var ofEvents = node.TryGetProperty("Relation Name", out var relation)
                    ? relation.GetString() == "events"
                    : index?.StartsWith("events_", StringComparison.Ordinal) == true;
                if (ofEvents && type != "Bitmap Heap Scan" && type != "ModifyTable")
                    scans.Add(index ?? type);
                if (node.TryGetProperty("Plans", out var children))
                    foreach (var child in children.EnumerateArray())
                        Walk(child);
            }
            Walk(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"));
            return scans.Distinct().Order(StringComparer.Ordinal).ToArray();
        }
        Assert.Equal(["events_by_lead"], await IndexesScannedAsync(LeadFactsRefresher.RebuildLeadsSql,
            new { work.TenantId, leads = leads[..500], direct = new[] { "direct" } }));
        Assert.Equal(["events_by_deal"], await IndexesScannedAsync(LeadFactsRefresher.RebuildDealsSql, new { work.TenantId, deals }));
        Assert.Equal(["events_by_deal"], await IndexesScannedAsync(LeadFactsRefresher.PendingInRangesSql,
            new { work.TenantId, starts = new[] { new DateTime(2026, 10, 1) }, ends = new[] { new DateTime(2026, 11, 1) }, withDeals = true }));

        await LeadFactsRefresher.RebuildAsync(work, leads, deals);
        Assert.Equal((Leads, Leads, Leads / 10), await work.QuerySingleAsync<(int, int, int)>("""
            select (select count(*)::int from lead_facts where tenant_id = @TenantId and owner = @anna and first_assignee = @anna),
                   (select count(*)::int from lead_facts where tenant_id = @TenantId and first_touch[1][1] = 'seo' and last_touch[1][1] = 'seo'),
                   (select count(*)::int from deal_facts where tenant_id = @TenantId)
            """, new { work.TenantId, anna }));
        // D20 was won for L20, then corrected to name L21: the version in force is the later one.
        Assert.Equal(("L21", 1001m, 2), await work.QuerySingleAsync<(string, decimal, int)>(
            "select lead_id, amount, events_seen from deal_facts where tenant_id = @TenantId and deal_id = 'D20'", new { work.TenantId }));
        Assert.Equal(("L10", 1000m, 1), await work.QuerySingleAsync<(string, decimal, int)>(
            "select lead_id, amount, events_seen from deal_facts where tenant_id = @TenantId and deal_id = 'D10'", new { work.TenantId }));

        // The funnel reads them back with their deals: all but the last deal, whose corrected version names a lead with no facts.
        var counts = await StageCounts.ReadAsync(work, ReportRange.Of(Period.Parse("2026-10")), await TenantProfile.LoadAsync(work), "employee");
        Assert.Equal((Leads, Leads / 10 - 1, (Leads / 20 - 1) * 1001m + Leads / 20 * 1000m),
            (counts.Sum(c => c.Leads), counts.Sum(c => c.DealsWon), counts.Sum(c => c.Revenue)));
    }

    [Fact]
    public async Task Facts_kept_up_during_concurrent_imports_and_rebuilds_equal_a_rebuild_from_scratch()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var employee = await EmployeeAsync(admin);
        var types = new[] { "lead.created", "lead.touch", "lead.assigned", "lead.first_response", "lead.mql", "lead.sql", "lead.disqualified", "deal.won" };
        var random = new Random(8);
        // Six importers' batches over the same 60 leads and 20 deals, in a random order each.
        var batches = Enumerable.Range(0, 6).Select(importer => Enumerable.Range(0, 10).Select(batch => Enumerable.Range(0, 40).Select(i =>
        {
            var type = types[random.Next(types.Length)];
            var at = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(60 * 24 * 20));
            return (object)Event($"{importer}-{batch}-{i}", type, at.ToString("O"), $"L{random.Next(60)}", new
            {
                channel = type is "lead.created" or "lead.touch" ? new[] { "seo", "direct", "ads" }[random.Next(3)] : null,
                employeeId = type is "lead.assigned" or "lead.disqualified" or "lead.first_response" or "deal.won" ? employee : (Guid?)null,
                reasonCode = type == "lead.disqualified" ? "spam" : null,
                dealId = type == "deal.won" ? $"D{random.Next(20)}" : null,
                amount = type == "deal.won" ? random.Next(1, 100) * 10m : (decimal?)null,
                currency = type == "deal.won" ? "RUB" : null,
            });
        }).ToArray()).ToList()).ToList();

        using var done = new CancellationTokenSource();
        var rebuilders = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
                await Refresher.RefreshPendingAsync(CancellationToken.None);
        })).ToList();
        await Task.WhenAll(batches.Select(importer => Task.Run(async () =>
        {
            foreach (var batch in importer)
                await PostAsync(admin, batch);
        })));
        await done.CancelAsync();
        await Task.WhenAll(rebuilders);
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(0, await PendingAsync(tenant));
        var kept = await SnapshotAsync(tenant);

        await QueryAsync(tenant, work => work.ExecuteAsync("""
            update lead_facts set events_seen = 0 where tenant_id = @TenantId;
            update deal_facts set events_seen = 0 where tenant_id = @TenantId;
            insert into lead_facts_pending (tenant_id, leads, created, deals)
            select @TenantId, array_agg(distinct lead_id), array_fill(null::timestamptz, array[count(distinct lead_id)::int]),
                   (select array_agg(distinct deal_id) from events where tenant_id = @TenantId and type = 'deal.won')
            from events where tenant_id = @TenantId and lead_id is not null
            """, new { work.TenantId }));
        await Refresher.RefreshPendingAsync(CancellationToken.None);

        Assert.Equal(80, kept.Split('\n').Length);
        Assert.Equal(kept, await SnapshotAsync(tenant));
    }

    /// <summary>Issue 22: an import still open when a rebuild comes for its lead, played in one order every time instead of
    /// hoped for among concurrent imports. Its pending row is invisible until it commits, as its events are: the worker (which
    /// skips nothing it can see) and a report (which waits for nothing it cannot see) must leave the import for a later
    /// rebuild, and once it commits, the facts must show its events.</summary>
    [Fact]
    public async Task An_import_still_open_when_a_rebuild_comes_for_its_lead_is_in_the_facts_once_it_commits()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await PostAsync(admin, Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }));
        Assert.Equal(1, await PendingAsync(tenant));

        async Task<UnitOfWork> OpenImportAsync(string externalId, string type)
        {
            var import = await fixture.Service<PlatformDb>().BeginForTenantAsync(tenant, CancellationToken.None);
            var ingestion = await Saas.Api.Features.Actuals.EventIngestion.StartAsync(import, DateTimeOffset.UtcNow);
            await ingestion.StageAsync([(0, new Saas.Api.Features.Actuals.EventInput("crm", externalId, type, DateTimeOffset.Parse("2026-10-05T11:00:00+03:00"),
                "L1", null, null, null, null, null, null, null, null, null, null, null, null, null))], CancellationToken.None);
            Assert.Equal(1, (await ingestion.FinishAsync()).Accepted);
            return import;
        }

        // The worker's round while the import of L1's MQL is open rebuilds L1 without it; the next round, after the commit, with it.
        await using (var import = await OpenImportAsync("m1", "lead.mql"))
        {
            await Refresher.RefreshPendingAsync(CancellationToken.None);
            Assert.Equal(0, (await FunnelByChannelAsync(admin))["seo"].Mql);
            await import.CommitAsync();
        }
        Assert.Equal(1, await PendingAsync(tenant));
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(1, (await FunnelByChannelAsync(admin))["seo"].Mql);

        // A report while the import of L1's SQL is open answers without waiting for it; a report after the commit shows it,
        // and so do the facts the worker keeps.
        await using (var import = await OpenImportAsync("s1", "lead.sql"))
        {
            var report = FunnelByChannelAsync(admin);
            Assert.True(await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(20))) == report, "the report waited for an import it cannot see");
            Assert.Equal(0, (await report)["seo"].Sql);
            await import.CommitAsync();
        }
        Assert.Equal(1, (await FunnelByChannelAsync(admin))["seo"].Sql);
        await Refresher.RefreshPendingAsync(CancellationToken.None);
        Assert.Equal(0, await PendingAsync(tenant));
        Assert.Equal((true, 3), await QueryAsync(tenant, work => work.QuerySingleAsync<(bool, int)>(
            "select sql, events_seen from lead_facts where tenant_id = @TenantId and lead_id = 'L1'", new { work.TenantId })));
    }

    // Every column of every lead's and deal's facts, one line each.
    private Task<string> SnapshotAsync(Guid tenant) => QueryAsync(tenant, async work => string.Join('\n',
        (await work.QueryAsync<string>("""
            select f::text from lead_facts f where tenant_id = @TenantId
            union all select d::text from deal_facts d where tenant_id = @TenantId
            order by 1
            """, new { work.TenantId }))));
}

/// <summary>An API whose database commands get three seconds, and whose lead-facts worker sleeps (it would otherwise rebuild a
/// lead before the test locks it). Not less: the same timeout holds for the fixture's own set-up (a tenant, a token), and
/// one second once ran out on a busy CI machine before the test began.</summary>
public sealed class ShortCommandTimeoutFixture : ApiFixture
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Default"] = Database.PooledApplicationConnectionString() + ";Command Timeout=3",
        ["LeadFacts:PollInterval"] = "1.00:00:00",
    };
}

/// <summary>A report waits for leads another transaction is rebuilding; when that takes longer than the database
/// command timeout, the answer is a 503 that says so, not a 500.</summary>
public class ReportBehindALongRebuildTests(ShortCommandTimeoutFixture fixture) : IClassFixture<ShortCommandTimeoutFixture>
{
    [Fact]
    public async Task A_report_that_waits_past_the_command_timeout_is_503_with_retry_after()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await fixture.Host.PostEventsAsync(Caller.User(admin), ActualsScenarios.Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1"));

        // L1's facts, built by a first report, and a later event of L1 that the next report must rebuild them for.
        await fixture.Host.GetAsJson<Saas.Api.Features.Reports.FunnelReport.Response>("/api/v1/reports/funnel?period=2026-10", admin);
        await fixture.Host.PostEventsAsync(Caller.User(admin), ActualsScenarios.Event("m1", "lead.mql", "2026-10-05T11:00:00+03:00", "L1"));

        // A rebuild in progress elsewhere: L1's facts stay locked for longer than the API's command timeout.
        await using var rebuild = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None);
        Assert.Single(await rebuild.QueryAsync<string>("select lead_id from lead_facts where tenant_id = @TenantId for update", new { rebuild.TenantId }));

        var response = await fixture.Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/reports/funnel?period=2026-10");
            s.ProblemShouldBe(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        });
        Assert.Contains("did not answer in time", response.ReadProblem().Detail);
        Assert.False(string.IsNullOrEmpty(response.Context.Response.Headers.RetryAfter), "Retry-After is missing");
    }
}

/// <summary>The worker lets a freshly imported lead settle (30 s by default), so that the events of one import cost one
/// rebuild; a report does not wait for that.</summary>
public class LeadFactsSettleTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_worker_leaves_a_lead_imported_within_the_settle_delay_and_a_report_still_shows_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await fixture.Host.PostEventsAsync(Caller.User(admin),
            ActualsScenarios.Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo" }));

        Assert.False(await fixture.Service<LeadFactsRefresher>().RefreshPendingAsync(CancellationToken.None));
        await using (var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None))
            Assert.Equal((1, 0), (await work.QuerySingleAsync<int>("select count(*)::int from lead_facts_pending where tenant_id = @TenantId", new { work.TenantId }),
                await work.QuerySingleAsync<int>("select count(*)::int from lead_facts where tenant_id = @TenantId", new { work.TenantId })));

        Assert.Equal(1, (await fixture.Host.GetAsJson<Funnel>("/api/v1/reports/funnel?period=2026-10", admin)).Total.Leads);
    }
}
