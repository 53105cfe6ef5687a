using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Saas.Api.Features.Progress;
using Saas.Api.Features.Reports;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>An API whose pool has a single connection and waits at most 5 s for it. Its workers for lead facts and milestones
/// sleep after their first round (the tests run the rounds), and progress is read at noon in Moscow on 16 November 2026.</summary>
public sealed class OneConnectionFixture : ApiFixture
{
    protected override Dictionary<string, string?> Settings => new(LiveApiFixture.LiveSettings)
    {
        ["ConnectionStrings:Default"] = Database.PooledApplicationConnectionString(1) + ";Timeout=5",
        ["LeadFacts:PollInterval"] = "1.00:00:00",
        ["LeadFacts:SettleDelay"] = "00:00:00",
        ["Progress:MilestoneInterval"] = "1.00:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ProgressSnapshots>(provider,
            (TimeProvider)new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 12, 0, 0, TimeSpan.FromHours(3)))));
}

/// <summary>A request or a worker's round that asks for a second pooled connection while it holds one waits for itself once the
/// pool is taken: with a pool of one, it cannot finish at all, so these finish only if each takes one at a time (ADR 0025).</summary>
public class OneConnectionTests(OneConnectionFixture fixture) : IClassFixture<OneConnectionFixture>
{
    [Fact]
    public async Task A_partner_gets_a_token_with_client_credentials_and_lists_its_clients_through_a_pool_of_one()
    {
        using var partner = await fixture.Http.PartnerClientAsync();
        var clients = await partner.GetAsync("/api/v1/partner/clients");
        Assert.Equal(HttpStatusCode.OK, clients.StatusCode);
    }

    [Fact]
    public async Task A_period_is_calculated_with_its_progress_reported_through_a_pool_of_one()
    {
        var (tenant, _) = await CompanyWithPlanAsync();

        using var client = fixture.Http.Client(tenant);
        var job = await Calculations.RunAsync(client, "2026-11");
        Assert.Equal(("succeeded", 1, 1), (job.Status, job.Total, job.Done));
    }

    [Fact]
    public async Task Milestones_are_read_and_announced_through_a_pool_of_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, admin) = await CompanyWithPlanAsync();
        await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { url = receiver.Url, events = new[] { "progress.milestone" } }).ToUrl("/api/v1/webhooks");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        // One deal of four by mid-month: Anna's deals are behind the pace their target needs.
        Assert.Equal(1, await fixture.Service<ProgressMilestones>().AnnounceAsync(tenant, CancellationToken.None));
        var announced = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1)).Json.GetProperty("data");
        Assert.Equal(("deals", "behind_pace"), (announced.GetProperty("componentId").GetString(), announced.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Lead_facts_are_rebuilt_through_a_pool_of_one()
    {
        var (tenant, _) = await CompanyWithPlanAsync();

        Assert.False(await fixture.Service<LeadFactsRefresher>().RefreshPendingAsync(CancellationToken.None));
        await using var work = await UnitOfWork.BeginAsync(fixture.Service<NpgsqlDataSource>(), tenant, CancellationToken.None);
        Assert.Equal((0, 1, 1), await work.QuerySingleAsync<(int, int, int)>("""
            select (select count(*)::int from lead_facts_pending where tenant_id = @TenantId),
                   (select count(*)::int from lead_facts where tenant_id = @TenantId),
                   (select count(*)::int from deal_facts where tenant_id = @TenantId)
            """, new { work.TenantId }));
    }

    /// <summary>A company with a plan of November in force, and Anna, a sales manager, with one lead and its deal won on the 10th.</summary>
    private async Task<(Guid Tenant, string Admin)> CompanyWithPlanAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        var anna = await fixture.Host.EmployeeAsync(admin, "Анна");
        var plan = await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Text(Plan).ToUrl("/api/v1/plans");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var planId = plan.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { effectiveFrom = "2026-11-01" }).ToUrl($"/api/v1/plans/{planId}/activate");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        var posted = await fixture.Host.PostEventsAsync(Caller.User(admin),
            ActualsScenarios.Event("c1", "lead.created", "2026-11-02T10:00:00+03:00", "L1", new { channel = "seo", employeeId = anna }),
            ActualsScenarios.Event("w1", "deal.won", "2026-11-10T15:00:00+03:00", "L1",
                new { dealId = "D1", amount = 100_000m, currency = "RUB", employeeId = anna }));
        Assert.True(posted.Accepted == 2, posted.ToString());
        return (tenant, admin);
    }

    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}]}]}
        """;
}
