using System.Net;
using System.Text.Json;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>An API whose pool has a single connection and waits at most 5 s for it.</summary>
public sealed class OneConnectionFixture : ApiFixture
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Default"] = Database.PooledApplicationConnectionString(1) + ";Timeout=5",
    };
}

/// <summary>A request that asks for a second pooled connection while it holds one waits for itself once the pool is taken:
/// with a pool of one, such a request cannot be answered at all, so these answer only if each takes one at a time.</summary>
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
        var tenant = await fixture.CreateTenantAsync();
        var admin = await fixture.TokenAsync(tenant);
        await fixture.Host.EmployeeAsync(admin, "Анна");
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

        using var client = fixture.Http.Client(tenant);
        var job = await Calculations.RunAsync(client, "2026-11");
        Assert.Equal(("succeeded", 1, 1), (job.Status, job.Total, job.Done));
    }

    private const string Plan = """
        {"name":"Продажи","currency":"RUB","periods":["2026-11"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":30000},
         "components":[{"kind":"attainment","id":"deals","metric":"deals_won","target":4,"weight":1}]}]}
        """;
}
