using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Saas.Api.Features.Progress;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Tenancy;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;
using Saas.Engine.Common;
using Saas.Engine.Progress;
using static Saas.Api.Tests.Features.Actuals.ActualsScenarios;

namespace Saas.Api.Tests.Features.Progress;

/// <summary>The API with progress read on a clock the test sets: noon in Moscow on Monday 16 November 2026, 93 of November's
/// 189 working hours (21 weekdays of 09:00–18:00) gone. A snapshot answers for 5 s and is then read again before answering.
/// Webhooks go to loopback, as in <see cref="LiveApiFixture"/>; milestones are announced by the tests, not by the worker.</summary>
public sealed class ProgressFixture : ApiFixture
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 16, 12, 0, 0, TimeSpan.FromHours(3)));

    protected override Dictionary<string, string?>? Settings => new(LiveApiFixture.LiveSettings)
    {
        ["Progress:FreshFor"] = "00:00:05",
        ["Progress:ServeStaleFor"] = "00:00:05",
        // The tests announce milestones themselves: the worker's own rounds, on this clock, would race them.
        ["Progress:MilestoneInterval"] = "1.00:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ProgressSnapshots>(provider, (TimeProvider)Time));
}

public class ProgressTests(ProgressFixture fixture) : IClassFixture<ProgressFixture>
{
    private IAlbaHost Host => fixture.Host;

    /// <summary>Sales managers: 30 000 target pay, half on deals won (target 4, nothing under 50 %), half on revenue (target
    /// 1 000 000), +10 % for every deal above 4 (at most 3), all gated on first-response compliance of at least 90 %.</summary>
    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":0.5,"threshold":0.5},
                       {"kind":"attainment","id":"revenue","metric":"revenue","target":1000000,"weight":0.5},
                       {"kind":"step","id":"extra","metric":"deals_won","target":4,"every":1,"rate":0.1,"maxSteps":3},
                       {"kind":"gate","id":"sla","metric":"first_response_compliance","operator":"at_least","value":0.9}]}]}
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 16, 12, 0, 0, TimeSpan.FromHours(3));

    /// <summary>The share of November's working time gone at <paramref name="at"/>: 93 of 189 hours at noon on the 16th, plus
    /// whatever the tests have moved the clock on since (a few minutes, all within that Monday's working hours).</summary>
    private static decimal ElapsedAt(DateTimeOffset at) => Math.Round((93m * 3600 + (decimal)(at - Start).TotalSeconds) / (189m * 3600), 4);

    private async Task<JsonElement> PostAsync(string token, string url, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        (await Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        })).ReadAsJson<JsonElement>();

    private async Task<Guid> IdOf(string token, string url, object body) => (await PostAsync(token, url, body)).GetProperty("id").GetGuid();

    /// <summary>A company in November: Anna (in the team "Продажи") with two leads answered in time and one deal of 300 000 won
    /// on the 10th; Boris in no team, with nothing yet.</summary>
    private async Task<(Guid Tenant, string Admin, Guid Anna, Guid Boris, Guid Team)> CompanyAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var team = await IdOf(admin, "/api/v1/teams", new { name = "Продажи", department = "sales" });
        var anna = await IdOf(admin, "/api/v1/employees", new { fullName = "Анна Петрова", role = "sales_manager", baseSalary = 100_000m, teamId = team });
        var boris = await IdOf(admin, "/api/v1/employees", new { fullName = "Борис Козлов", role = "sales_manager", baseSalary = 100_000m });
        var plan = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(Plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-11-01" }, HttpStatusCode.OK);
        await PostEventsAsync(admin,
            Event("c1", "lead.created", "2026-11-02T10:00:00+03:00", "L1", new { channel = "seo", employeeId = anna }),
            Event("r1", "lead.first_response", "2026-11-02T10:03:00+03:00", "L1", new { employeeId = anna }),
            Event("c2", "lead.created", "2026-11-03T11:00:00+03:00", "L2", new { channel = "seo", employeeId = anna }),
            Event("r2", "lead.first_response", "2026-11-03T11:04:00+03:00", "L2", new { employeeId = anna }),
            Event("w1", "deal.won", "2026-11-10T15:00:00+03:00", "L1", new { dealId = "D1", amount = 300_000m, currency = "RUB", employeeId = anna }));
        return (tenant, admin, anna, boris, team);
    }

    private async Task PostEventsAsync(string admin, params object[] events) =>
        Assert.Equal(events.Length, (await Host.PostEventsAsync(Caller.User(admin), events)).Accepted);

    private Task<EmployeeProgressResponse> ProgressAsync(string token, string url) => Host.GetAsJson<EmployeeProgressResponse>(url, token);

    private Task<TeamProgressResponse> TeamProgressAsync(string manager, Guid team) =>
        Host.GetAsJson<TeamProgressResponse>($"/api/v1/teams/{team}/progress", manager);

    /// <summary>Reads the team's progress twice, 6 s apart: the second reading of the period knows where the first started, so that a
    /// team's request can catch up on what came after it (a first reading cannot).</summary>
    private async Task<TeamProgressResponse> SecondReadingAsync(string manager, Guid team)
    {
        await TeamProgressAsync(manager, team);
        fixture.Time.Advance(TimeSpan.FromSeconds(6));
        return await TeamProgressAsync(manager, team);
    }

    private static ComponentProgress Component(EmployeeProgressResponse progress, string id) =>
        Assert.Single(Assert.Single(progress.Plans).Components, c => c.Id == id);

    [Fact]
    public async Task An_employee_sees_what_they_earned_so_far_where_the_pace_leads_and_what_the_next_step_takes()
    {
        var (tenant, _, anna, _, _) = await CompanyAsync();
        var token = await fixture.TokenAsync(tenant, "employee", anna);

        var progress = await ProgressAsync(token, "/api/v1/me/progress");

        Assert.Equal((anna, "Анна Петрова", "2026-11", true, "RUB"), (progress.EmployeeId, progress.FullName, progress.Period, progress.Provisional, progress.Currency));
        Assert.Equal(fixture.Time.GetUtcNow(), progress.AsOf);
        var elapsed = ElapsedAt(progress.AsOf);
        Assert.Equal(new PaceResponse(elapsed, 11, 21), progress.Pace);
        var plan = Assert.Single(progress.Plans);
        Assert.Equal(("Продажи", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), progress.Pace), (plan.Name, plan.From, plan.To, plan.Pace));
        // One deal of four is under the 50 % threshold; revenue 300 000 of 1 000 000: 30 000 × 0.5 × 0.3 = 4 500.
        Assert.Equal(4_500m, progress.Total);
        var deals = Component(progress, "deals");
        Assert.Equal((1m, 4m, 0.25m, 0m), (deals.Actual, deals.Target, deals.Attainment, deals.Amount));
        Assert.Equal(new NextStep(StepKind.Threshold, "deals_won", 1m, 2m, 1m, 7_500m, "Выигранные сделки: ещё 1 до порога 50 % — ≈ +7 500 ₽"),
            deals.NextStep! with { Text = deals.NextStep!.Text.Replace('\u00A0', ' ') });
        // At the pace so far: 1 ÷ 0.4921 deals and 300 000 ÷ 0.4921 of revenue by the month's end.
        Assert.Equal(Currency.Round(15_000m * (1m / elapsed / 4m) + 15_000m * (300_000m / elapsed / 1_000_000m), "RUB"), progress.ProjectedTotal);
        Assert.Equal((Math.Round(1m / elapsed, 4), false), (deals.ProjectedActual, deals.OnPace));
        // Five deals: 15 000 × 1.25 on deals and one step of 3 000, instead of nothing.
        var extra = Component(progress, "extra").NextStep!;
        Assert.Equal((StepKind.Step, 5m, 4m, 21_750m), (extra.Kind, extra.Value, extra.Distance, extra.Gain));
        var gate = Component(progress, "sla").Gate!;
        Assert.Equal((true, (bool?)true, false, 0m), (gate.Met, gate.ProjectedMet, gate.AtRisk, gate.Withheld));
        Assert.Equal("Первый ответ в срок (SLA) 100 %, условие: ≥ 90 % — выполняется", gate.Text.Replace('\u00A0', ' '));
        Assert.Equal(progress.Total, progress.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task A_manager_reads_an_employee_and_a_team_and_gets_the_same_numbers_as_the_employee()
    {
        var (tenant, _, anna, boris, team) = await CompanyAsync();
        var manager = await fixture.TokenAsync(tenant, "manager");
        var own = await ProgressAsync(await fixture.TokenAsync(tenant, "employee", anna), "/api/v1/me/progress?period=2026-11");

        var read = await ProgressAsync(manager, $"/api/v1/employees/{anna}/progress?period=2026-11");
        Assert.Equal(JsonSerializer.Serialize(own), JsonSerializer.Serialize(read));

        var borisProgress = await ProgressAsync(manager, $"/api/v1/employees/{boris}/progress");
        Assert.Equal((0m, 0m), (borisProgress.Total, Component(borisProgress, "deals").Amount));
        var teamProgress = await TeamProgressAsync(manager, team);
        Assert.Equal((team, "Продажи", "2026-11"), (teamProgress.TeamId, teamProgress.Name, teamProgress.Period));
        Assert.Equal(JsonSerializer.Serialize(own), JsonSerializer.Serialize(Assert.Single(teamProgress.Members)));
    }

    [Fact]
    public async Task Another_tenants_employee_and_team_are_404_an_employee_cannot_read_others_and_a_user_without_an_employee_has_none()
    {
        var (tenant, admin, anna, boris, team) = await CompanyAsync();
        var stranger = await fixture.TokenAsync(await fixture.CreateTenantAsync(), "manager");
        await Host.Scenario(s =>
        {
            s.As(stranger).Get.Url($"/api/v1/employees/{anna}/progress");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(stranger).Get.Url($"/api/v1/teams/{team}/progress");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        await Host.Scenario(s =>
        {
            s.As(admin).Get.Url("/api/v1/me/progress");
            s.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        });
        var employee = await fixture.TokenAsync(tenant, "employee", anna);
        await Host.Scenario(s =>
        {
            s.As(employee).Get.Url($"/api/v1/employees/{boris}/progress");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        var invalid = await Host.Scenario(s =>
        {
            s.As(employee).Get.Url("/api/v1/me/progress?period=2026-13");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
        });
        Assert.Contains("'period' must be a month (2026-12) or a quarter (2026-Q4).", invalid.ReadAsText());
        // Mid-November: December has not started, and October 2025 ended more than a year ago.
        foreach (var period in new[] { "2026-12", "2027-Q1", "2025-10" })
        {
            var outOfRange = await Host.Scenario(s =>
            {
                s.As(employee).Get.Url($"/api/v1/me/progress?period={period}");
                s.ProblemShouldBe(HttpStatusCode.BadRequest, "validation");
            });
            Assert.Contains(ProgressRequest.OutOfRange, outOfRange.ReadAsText());
        }
        await Host.Scenario(s => s.As(employee).Get.Url("/api/v1/me/progress?period=2025-11"));
    }

    [Fact]
    public async Task An_event_shows_at_once_in_the_employees_and_the_teams_progress_and_a_new_member_once_the_snapshot_is_older_than_its_bound()
    {
        var (tenant, admin, anna, _, team) = await CompanyAsync();
        var token = await fixture.TokenAsync(tenant, "employee", anna);
        var manager = await fixture.TokenAsync(tenant, "manager");
        await SecondReadingAsync(manager, team);
        var before = await ProgressAsync(token, "/api/v1/me/progress");
        Assert.Equal((fixture.Time.GetUtcNow(), fixture.Time.GetUtcNow()), (before.AsOf, before.SharedAsOf));

        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        await PostEventsAsync(admin,
            Event("w2", "deal.won", "2026-11-16T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna }));
        var clara = await IdOf(admin, "/api/v1/employees", new { fullName = "Клара Смирнова", role = "sales_manager", baseSalary = 100_000m, teamId = team });
        // Two deals of four reach the threshold: 15 000 × 0.5, and revenue 400 000: 15 000 × 0.4.
        var own = await ProgressAsync(token, "/api/v1/me/progress");
        Assert.Equal((fixture.Time.GetUtcNow(), before.SharedAsOf, 13_500m, 2m), (own.AsOf, own.SharedAsOf, own.Total, Component(own, "deals").Actual));
        // The team reads again those its events touched since the snapshot: Anna as she is now; the staff is the snapshot's, without Clara.
        var members = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), before.SharedAsOf), (members.AsOf, members.SharedAsOf));
        Assert.Equal(JsonSerializer.Serialize(own), JsonSerializer.Serialize(Assert.Single(members.Members)));

        fixture.Time.Advance(TimeSpan.FromSeconds(4));
        members = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), fixture.Time.GetUtcNow()), (members.AsOf, members.SharedAsOf));
        Assert.Equal([(anna, 13_500m), (clara, 0m)], members.Members.Select(m => (m.EmployeeId, m.Total)));
    }

    [Fact]
    public async Task A_value_a_crm_posts_shows_at_once_in_the_teams_progress_and_after_a_first_reading_the_team_is_read_whole_every_few_seconds()
    {
        var (tenant, admin, anna, _, team) = await CompanyAsync();
        var manager = await fixture.TokenAsync(tenant, "manager");
        var crm = Caller.Integration(await Host.ApiKeyAsync(admin, "amoCRM", "actuals:write"));
        async Task PostDealsWonAsync(decimal value) =>
            await Host.Scenario(s => crm.Apply(s).Post.Json(new { values = new[] { new { employeeId = anna, metric = "deals_won", period = "2026-11", value } } })
                .ToUrl("/api/v1/actuals/metrics"));

        // The period's first reading (here for Anna alone) cannot tell what came after it, so the team is read whole; that reading
        // answers the team for the next seconds, and an event after it waits.
        var first = await ProgressAsync(admin, $"/api/v1/employees/{anna}/progress");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await PostEventsAsync(admin,
            Event("w2", "deal.won", "2026-11-16T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna }));
        var whole = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), first.SharedAsOf, 13_500m), (whole.AsOf, whole.SharedAsOf, whole.Members[0].Total));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await PostEventsAsync(admin,
            Event("w3", "deal.won", "2026-11-16T11:00:00+03:00", "L3", new { dealId = "D3", amount = 100_000m, currency = "RUB", employeeId = anna }));
        var shared = await TeamProgressAsync(manager, team);
        Assert.Equal((whole.AsOf, 13_500m), (shared.AsOf, shared.Members[0].Total));

        // Two readings later (the deal is behind both): a value posted for Anna shows at once, though no event touched her since.
        await SecondReadingAsync(manager, team);
        var before = await SecondReadingAsync(manager, team);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await PostDealsWonAsync(4m);
        var after = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), before.AsOf), (after.AsOf, after.SharedAsOf));
        Assert.Equal(4m, Component(after.Members[0], "deals").Actual);
        Assert.NotEqual(before.Members[0].Total, after.Members[0].Total);
    }

    [Fact]
    public async Task A_team_after_more_events_than_it_catches_up_on_is_read_whole_and_that_reading_answers_for_a_few_seconds()
    {
        var (tenant, admin, anna, _, team) = await CompanyAsync();
        var manager = await fixture.TokenAsync(tenant, "manager");
        var before = await SecondReadingAsync(manager, team);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await PostEventsAsync(admin, [
            .. Enumerable.Range(0, ProgressSnapshots.TeamCatchUpEvents)
                .Select(i => Event($"t{i}", "lead.touch", "2026-11-16T09:00:00+03:00", "L2", new { channel = "seo", campaign = $"c{i}" })),
            Event("w2", "deal.won", "2026-11-16T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna })]);
        var members = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), before.AsOf, 13_500m), (members.AsOf, members.SharedAsOf, Assert.Single(members.Members).Total));

        // Within 5 s the same reading answers the team; Anna's own progress is hers as of now. Three deals of four, revenue 500 000.
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        await PostEventsAsync(admin,
            Event("w3", "deal.won", "2026-11-16T11:00:00+03:00", "L3", new { dealId = "D3", amount = 100_000m, currency = "RUB", employeeId = anna }));
        var again = await TeamProgressAsync(manager, team);
        Assert.Equal((members.AsOf, 13_500m), (again.AsOf, again.Members[0].Total));
        var own = await ProgressAsync(await fixture.TokenAsync(tenant, "employee", anna), "/api/v1/me/progress");
        Assert.Equal((fixture.Time.GetUtcNow(), 18_750m), (own.AsOf, own.Total));
    }

    [Fact]
    public async Task A_team_whose_new_events_touch_more_members_than_it_catches_up_on_is_read_whole()
    {
        var (tenant, admin, anna, _, team) = await CompanyAsync();
        var manager = await fixture.TokenAsync(tenant, "manager");
        var members = new List<Guid> { anna };
        for (var i = 0; i < ProgressSnapshots.TeamCatchUpMembers; i++)
            members.Add(await IdOf(admin, "/api/v1/employees", new { fullName = $"Участник {i}", role = "sales_manager", baseSalary = 90_000m, teamId = team }));
        var before = await SecondReadingAsync(manager, team);
        Assert.Equal(members.Count, before.Members.Count);

        // A lead each, not answered in time: first-response compliance falls for everyone.
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await PostEventsAsync(admin, [.. members.Select((member, i) =>
            Event($"n{i}", "lead.created", "2026-11-16T09:00:00+03:00", $"N{i}", new { channel = "seo", employeeId = member }))]);
        var after = await TeamProgressAsync(manager, team);
        Assert.Equal((fixture.Time.GetUtcNow(), before.AsOf), (after.AsOf, after.SharedAsOf));
        var anns = Assert.Single(after.Members, m => m.EmployeeId == anna);
        Assert.NotEqual(Assert.Single(before.Members, m => m.EmployeeId == anna).Total, anns.Total);
        Assert.Equal(JsonSerializer.Serialize(await ProgressAsync(manager, $"/api/v1/employees/{anna}/progress")), JsonSerializer.Serialize(anns));
    }

    [Fact]
    public async Task Milestones_are_announced_once_each_a_target_the_pace_misses_and_then_a_paying_step_reached()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin, anna, boris, _) = await CompanyAsync();
        await PostAsync(admin, "/api/v1/webhooks", new { url = receiver.Url, events = new[] { "progress.milestone" } });
        var milestones = fixture.Service<ProgressMilestones>();

        // One deal of four by mid-month: Anna's deals, revenue and sliding bonus are all behind the pace their targets need; Boris,
        // with no lead at all yet, has no first-response compliance, so his gate withholds everything and is at risk.
        Assert.Equal(4, await milestones.AnnounceAsync(tenant, CancellationToken.None));
        Assert.Equal(0, await milestones.AnnounceAsync(tenant, CancellationToken.None));
        var behind = (await receiver.WaitForAsync(r => r.Count >= 4)).Select(r => r.Json).ToList();
        Assert.All(behind, r => Assert.Equal("progress.milestone", r.GetProperty("type").GetString()));
        var deals = behind.Select(r => r.GetProperty("data")).Single(d => d.GetProperty("componentId").GetString() == "deals");
        Assert.Equal((anna, "2026-11", "behind_pace", 0, 1m, 4m), (deals.GetProperty("employeeId").GetGuid(), deals.GetProperty("period").GetString(),
            deals.GetProperty("kind").GetString(), deals.GetProperty("level").GetInt32(), deals.GetProperty("actual").GetDecimal(),
            deals.GetProperty("target").GetDecimal()));
        // One deal at this pace: 1 ÷ elapsed, about 2 by the month's end.
        var projected = Math.Round(1m / ElapsedAt(deals.GetProperty("asOf").GetDateTimeOffset()), 4);
        Assert.Equal(projected, deals.GetProperty("projectedActual").GetDecimal());
        Assert.Equal($"Анна Петрова: «Выигранные сделки» — ниже темпа: к концу периода {projected:0.00} при цели 4".Replace('.', ','),
            deals.GetProperty("text").GetString()!.Replace('\u00A0', ' '));
        Assert.Equal([(anna, "deals"), (anna, "extra"), (anna, "revenue"), (boris, "sla")], behind.Select(r => r.GetProperty("data"))
            .Select(d => (d.GetProperty("employeeId").GetGuid(), d.GetProperty("componentId").GetString())).OrderBy(d => d.Item2).ThenBy(d => d.Item1));
        var borisGate = behind.Select(r => r.GetProperty("data")).Single(d => d.GetProperty("componentId").GetString() == "sla");
        Assert.Equal("Борис Козлов: Первый ответ в срок (SLA) — нет данных, условие: ≥ 90 % — не выполняется",
            borisGate.GetProperty("text").GetString()!.Replace('\u00A0', ' '));

        // Two more deals: three of four is past the 50 % threshold, the deals' first paying step.
        await PostEventsAsync(admin,
            Event("w2", "deal.won", "2026-11-13T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna }),
            Event("w3", "deal.won", "2026-11-13T11:00:00+03:00", "L1", new { dealId = "D3", amount = 100_000m, currency = "RUB", employeeId = anna }));
        fixture.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await milestones.AnnounceAsync(tenant, CancellationToken.None));
        Assert.Equal(0, await milestones.AnnounceAsync(tenant, CancellationToken.None));
        var reached = (await receiver.WaitForAsync(r => r.Count >= 5))[4].Json.GetProperty("data");
        Assert.Equal(("deals", "step_reached", 1), (reached.GetProperty("componentId").GetString(), reached.GetProperty("kind").GetString(),
            reached.GetProperty("level").GetInt32()));
        Assert.Equal("Анна Петрова: «Выигранные сделки» — достигнута ступень 1 (3)", reached.GetProperty("text").GetString());
        await Task.Delay(500);
        Assert.Equal(5, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_quarterly_plan_is_read_by_its_quarter_when_no_period_is_named_and_has_its_milestones_announced()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await PostAsync(admin, "/api/v1/webhooks", new { url = receiver.Url, events = new[] { "progress.milestone" } });
        var anna = await IdOf(admin, "/api/v1/employees", new { fullName = "Анна Петрова", role = "sales_manager", baseSalary = 100_000m });
        var plan = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(Plan.Replace("\"periods\":[\"2026-11\"]", "\"periods\":[\"2026-Q4\"]")).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" }, HttpStatusCode.OK);
        await PostEventsAsync(admin,
            Event("c1", "lead.created", "2026-10-05T10:00:00+03:00", "L1", new { channel = "seo", employeeId = anna }),
            Event("r1", "lead.first_response", "2026-10-05T10:03:00+03:00", "L1", new { employeeId = anna }),
            Event("w1", "deal.won", "2026-10-20T15:00:00+03:00", "L1", new { dealId = "D1", amount = 300_000m, currency = "RUB", employeeId = anna }));

        var progress = await ProgressAsync(await fixture.TokenAsync(tenant, "employee", anna), "/api/v1/me/progress");
        Assert.Equal(("2026-Q4", 1m), (progress.Period, Component(progress, "deals").Actual));
        Assert.True(progress.Pace.Elapsed is > 0.4m and < 0.6m, $"{progress.Pace.Elapsed}");

        // One deal of four halfway through the quarter: behind the pace the target needs.
        Assert.True(await fixture.Service<ProgressMilestones>().AnnounceAsync(tenant, CancellationToken.None) > 0);
        var deals = (await receiver.WaitForAsync(r => r.Any(m => m.Json.GetProperty("data").GetProperty("componentId").GetString() == "deals")))
            .Select(r => r.Json.GetProperty("data")).Single(d => d.GetProperty("componentId").GetString() == "deals");
        Assert.Equal((anna, "2026-Q4", "behind_pace"), (deals.GetProperty("employeeId").GetGuid(), deals.GetProperty("period").GetString(),
            deals.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Without_a_period_each_employee_and_team_gets_the_period_their_own_plans_pay_by()
    {
        var (tenant, admin, anna, boris, sales) = await CompanyAsync();
        var leads = await IdOf(admin, "/api/v1/teams", new { name = "Лиды", department = "sales" });
        var vera = await IdOf(admin, "/api/v1/employees", new { fullName = "Вера Смирнова", role = "sdr", baseSalary = 80_000m, teamId = leads });
        var gleb = await IdOf(admin, "/api/v1/employees", new { fullName = "Глеб Орлов", role = "marketer", baseSalary = 90_000m });
        var quarterly = (await Host.Scenario(s =>
        {
            s.As(admin).Post.Text(Plan.Replace("\"periods\":[\"2026-11\"]", "\"periods\":[\"2026-Q4\"]").Replace("sales_manager", "sdr")
                .Replace("Продажи", "Лиды")).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        })).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/plans/{quarterly}/activate", new { effectiveFrom = "2026-10-01" }, HttpStatusCode.OK);

        Assert.Equal("2026-Q4", (await ProgressAsync(await fixture.TokenAsync(tenant, "employee", vera), "/api/v1/me/progress")).Period);
        Assert.Equal("2026-Q4", (await ProgressAsync(admin, $"/api/v1/employees/{vera}/progress")).Period);
        Assert.Equal("2026-Q4", (await TeamProgressAsync(admin, leads)).Period);
        Assert.Equal("2026-11", (await ProgressAsync(await fixture.TokenAsync(tenant, "employee", anna), "/api/v1/me/progress")).Period);
        Assert.Equal("2026-11", (await ProgressAsync(admin, $"/api/v1/employees/{boris}/progress")).Period);
        Assert.Equal("2026-11", (await TeamProgressAsync(admin, sales)).Period);
        // No plan covers a marketer: the month.
        Assert.Equal("2026-11", (await ProgressAsync(admin, $"/api/v1/employees/{gleb}/progress")).Period);
    }

    [Fact]
    public async Task The_previous_periods_metrics_are_carried_from_one_snapshot_to_the_next_for_ten_minutes_then_read_again()
    {
        var (tenant, admin, anna, _, _) = await CompanyAsync();
        var snapshots = fixture.Service<ProgressSnapshots>();
        var november = Period.Parse("2026-11");
        var first = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        Assert.Null(first.Preparation.Prepared.Previous.For(anna).Find("deals_won"));

        await PostEventsAsync(admin,
            Event("oct", "deal.won", "2026-10-20T12:00:00+03:00", "L9", new { dealId = "D9", amount = 50_000m, currency = "RUB", employeeId = anna }));
        fixture.Time.Advance(TimeSpan.FromSeconds(6));
        var second = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        Assert.Equal((fixture.Time.GetUtcNow(), first.AsOf), (second.AsOf, second.PreviousAsOf));
        Assert.Null(second.Preparation.Prepared.Previous.For(anna).Find("deals_won"));

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var third = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        Assert.Equal(third.AsOf, third.PreviousAsOf);
        Assert.Equal(1m, third.Preparation.Prepared.Previous.For(anna).Find("deals_won"));
    }

    [Fact]
    public async Task A_snapshot_nobody_asked_for_in_ten_minutes_is_dropped()
    {
        var snapshots = fixture.Service<ProgressSnapshots>();
        var november = Period.Parse("2026-11");
        var (first, second) = (await fixture.CreateTenantAsync(), await fixture.CreateTenantAsync());
        await snapshots.GetAsync(first, november, CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await snapshots.GetAsync(second, november, CancellationToken.None);
        Assert.Contains((first, november), snapshots.Kept);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        await snapshots.GetAsync(second, november, CancellationToken.None);
        Assert.DoesNotContain((first, november), snapshots.Kept);
        Assert.Contains((second, november), snapshots.Kept);
    }

    [Fact]
    public async Task Someone_who_joined_mid_month_is_paced_over_the_days_they_have_worked()
    {
        var (tenant, admin, _, _, _) = await CompanyAsync();
        var vera = await IdOf(admin, "/api/v1/employees", new { fullName = "Вера Соколова", role = "sales_manager", baseSalary = 100_000m, startDate = "2026-11-09" });
        await PostEventsAsync(admin,
            Event("v1", "deal.won", "2026-11-12T15:00:00+03:00", "L7", new { dealId = "D7", amount = 200_000m, currency = "RUB", employeeId = vera }));

        var progress = await ProgressAsync(await fixture.TokenAsync(tenant, "manager"), $"/api/v1/employees/{vera}/progress");

        // From Monday the 9th: 16 weekdays, 144 working hours, of which 48 are gone by noon on the 16th (the tests move the clock
        // on by minutes).
        var plan = Assert.Single(progress.Plans);
        var elapsed = Math.Round((48m * 3600 + (decimal)(progress.AsOf - Start).TotalSeconds) / (144m * 3600), 4);
        Assert.Equal((new DateOnly(2026, 11, 9), new PaceResponse(elapsed, 6, 16)), (plan.From, plan.Pace));
        Assert.Equal(Math.Round(1m / elapsed, 4), Component(progress, "deals").ProjectedActual);
        Assert.NotEqual(progress.Pace, plan.Pace);
    }

    /// <summary>Snapshots of their own, on a clock of their own: fresh for 5 s, and answering while older for a minute.</summary>
    private (FakeTimeProvider Time, ProgressSnapshots Snapshots) SnapshotsServingStaleForAMinute() => Snapshots(TimeSpan.FromMinutes(1));

    /// <summary>Snapshots of their own, on a clock of their own: fresh for 5 s, and answering while older for <paramref name="serveStaleFor"/>.</summary>
    private (FakeTimeProvider Time, ProgressSnapshots Snapshots) Snapshots(TimeSpan serveStaleFor)
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        return (time, ActivatorUtilities.CreateInstance<ProgressSnapshots>(fixture.Host.Services, (TimeProvider)time,
            Options.Create(new ProgressOptions { FreshFor = TimeSpan.FromSeconds(5), ServeStaleFor = serveStaleFor })));
    }

    [Fact]
    public async Task An_older_team_reading_answers_at_once_while_a_new_one_is_read_and_goes_once_its_team_is_no_longer_asked_for()
    {
        var (tenant, admin, anna, boris, _) = await CompanyAsync();
        var (time, snapshots) = SnapshotsServingStaleForAMinute();
        var db = ActivatorUtilities.CreateInstance<TenantDb>(fixture.Host.Services, new TenantContext(new HttpContextAccessor
        {
            HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimNames.Tenant, tenant.ToString())])) },
        }));
        var november = Period.Parse("2026-11");
        // The period's first reading: a team cannot catch up on it, so it is read whole.
        var snapshot = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        Task<ProgressSnapshots.Snapshot> TeamAsync(params Guid[] members) =>
            snapshots.WithOwnFiguresAsync(db, snapshot, members, onlyTouched: true, CancellationToken.None);
        static decimal? DealsWon(ProgressSnapshots.Snapshot read, Guid employee) => read.Preparation.Prepared.Metrics.For(employee).Find("deals_won");

        var first = await TeamAsync(anna);
        Assert.Equal((time.GetUtcNow(), 1m), (first.OwnAsOf, DealsWon(first, anna)));
        await PostEventsAsync(admin,
            Event("w2", "deal.won", "2026-11-13T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna }));

        // Older than 5 s: it answers at once, and a new reading starts; once that is done, the next request gets it.
        time.Advance(TimeSpan.FromSeconds(6));
        var stale = await TeamAsync(anna);
        Assert.Equal((first.OwnAsOf, 1m), (stale.OwnAsOf, DealsWon(stale, anna)));
        var fresh = stale;
        for (var attempt = 0; attempt < 100 && fresh.OwnAsOf == first.OwnAsOf; attempt++)
        {
            await Task.Delay(100);
            fresh = await TeamAsync(anna);
        }
        Assert.Equal((time.GetUtcNow(), 2m), (fresh.OwnAsOf, DealsWon(fresh, anna)));

        // Past a minute it no longer answers: the next request waits for a new reading. Boris joins: the team is another key, and
        // the old one's reading, which could no longer answer, goes.
        time.Advance(TimeSpan.FromMinutes(2));
        var waited = await TeamAsync(anna);
        Assert.Equal((time.GetUtcNow(), 2m), (waited.OwnAsOf, DealsWon(waited, anna)));
        Assert.Equal([anna.ToString()], snapshots.TeamsKept(tenant, november));
        time.Advance(TimeSpan.FromMinutes(2));
        var joined = await TeamAsync(anna, boris);
        Assert.Equal(time.GetUtcNow(), joined.OwnAsOf);
        Assert.Equal([string.Join(',', new[] { anna, boris }.Order())], snapshots.TeamsKept(tenant, november));
    }

    [Fact]
    public async Task An_older_snapshot_answers_at_once_while_a_new_one_is_read_and_one_past_its_last_bound_is_waited_for()
    {
        var (tenant, admin, anna, _, _) = await CompanyAsync();
        var (time, snapshots) = SnapshotsServingStaleForAMinute();
        var november = Period.Parse("2026-11");
        var first = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        await PostEventsAsync(admin,
            Event("w2", "deal.won", "2026-11-13T10:00:00+03:00", "L2", new { dealId = "D2", amount = 100_000m, currency = "RUB", employeeId = anna }));

        // The request that finds it stale gets it, and starts a reading; once that is done, the next request gets the new one.
        time.Advance(TimeSpan.FromSeconds(6));
        var fresh = await NextReadingAsync(snapshots, tenant, november, first);
        Assert.Equal((time.GetUtcNow(), 2m), (fresh.AsOf, fresh.Preparation.Prepared.Metrics.For(anna).Find("deals_won")));

        time.Advance(TimeSpan.FromMinutes(2));
        var waited = await snapshots.GetAsync(tenant, november, CancellationToken.None);
        Assert.Equal(time.GetUtcNow(), waited.AsOf);
    }

    [Fact]
    public async Task A_snapshot_that_took_longer_to_read_than_its_bound_answers_as_it_is_for_twice_as_long_as_it_took()
    {
        var (tenant, _, _, _, _) = await CompanyAsync();
        var (time, snapshots) = SnapshotsServingStaleForAMinute();
        var november = Period.Parse("2026-11");
        var first = await ReadTakingTenSecondsAsync(time, snapshots, tenant, november);
        Assert.Equal(TimeSpan.FromSeconds(10), first.ReadIn);

        // Older than the 5 s bound, and not yet twice what it took to read: it answers as it is, and nothing is read.
        time.SetUtcNow(first.AsOf + TimeSpan.FromSeconds(15));
        await AssertNothingReadAsync(snapshots, tenant, november, first);

        // Past twice that: it still answers at once, while a new reading runs.
        time.SetUtcNow(first.AsOf + TimeSpan.FromSeconds(21));
        var fresh = await NextReadingAsync(snapshots, tenant, november, first);
        // That one took no time by this clock: 5 s is its bound again.
        Assert.Equal((time.GetUtcNow(), TimeSpan.Zero), (fresh.AsOf, fresh.ReadIn));
        time.Advance(TimeSpan.FromSeconds(6));
        await NextReadingAsync(snapshots, tenant, november, fresh);

        // Answering for a minute at most, a snapshot read in 10 s must be read again by its 50th second at the latest; answering for
        // 25 s, by its 15th: the next reading then ends as it stops answering.
        var (shortTime, shortLived) = Snapshots(serveStaleFor: TimeSpan.FromSeconds(25));
        var read = await ReadTakingTenSecondsAsync(shortTime, shortLived, tenant, november);
        shortTime.SetUtcNow(read.AsOf + TimeSpan.FromSeconds(14));
        await AssertNothingReadAsync(shortLived, tenant, november, read);
        shortTime.SetUtcNow(read.AsOf + TimeSpan.FromSeconds(16));
        await NextReadingAsync(shortLived, tenant, november, read);
    }

    /// <summary>The period's first reading, held at the posted values (which it reads after its start) until the test's clock has
    /// moved on 10 s.</summary>
    private async Task<ProgressSnapshots.Snapshot> ReadTakingTenSecondsAsync(FakeTimeProvider time, ProgressSnapshots snapshots, Guid tenant,
        Period period)
    {
        await using var blocker = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await blocker.OpenAsync();
        await using var locked = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table metric_values in access exclusive mode", blocker, locked))
            await lockTable.ExecuteNonQueryAsync();
        var reading = snapshots.GetAsync(tenant, period, CancellationToken.None);
        await using var watcher = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand("select count(*) from pg_locks where relation = 'metric_values'::regclass and not granted", watcher);
        await Polling.UntilAsync(async () => (long)(await waiting.ExecuteScalarAsync())! > 0, "the reading never waited for the posted values");
        time.Advance(TimeSpan.FromSeconds(10));
        await locked.RollbackAsync();
        return await reading;
    }

    /// <summary>The snapshot answers as it is, twice, and no reading runs: none started, and none ran between the two.</summary>
    private static async Task AssertNothingReadAsync(ProgressSnapshots snapshots, Guid tenant, Period period, ProgressSnapshots.Snapshot current)
    {
        Assert.Same(current, await snapshots.GetAsync(tenant, period, CancellationToken.None));
        Assert.False(snapshots.IsReading(tenant, period));
        Assert.Same(current, await snapshots.GetAsync(tenant, period, CancellationToken.None));
    }

    /// <summary>The snapshot answers at once, and a newer one, read meanwhile, answers after it.</summary>
    private static async Task<ProgressSnapshots.Snapshot> NextReadingAsync(ProgressSnapshots snapshots, Guid tenant, Period period,
        ProgressSnapshots.Snapshot current)
    {
        Assert.Same(current, await snapshots.GetAsync(tenant, period, CancellationToken.None));
        var next = current;
        await Polling.UntilAsync(async () =>
        {
            next = await snapshots.GetAsync(tenant, period, CancellationToken.None);
            return !ReferenceEquals(next, current);
        }, "no newer snapshot was read");
        return next;
    }
}
