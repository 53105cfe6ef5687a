using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Saas.Api.Infrastructure.Health;
using Saas.Api.Infrastructure.Workers;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

public class HealthTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_migrated_and_every_worker_makes_progress()
    {
        await fixture.Host.Scenario(s => s.Get.Url("/health/live"));
        var ready = await fixture.Host.Scenario(s => s.Get.Url("/health/ready"));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)ready.Context.Response.StatusCode);
        var workers = ready.ReadAsJson<Report>()!.Checks["workers"];
        Assert.Equal("Healthy", workers.Status);
        foreach (var worker in new[] { "calculations", "lead-facts", "sla-watch", "webhooks" })
            Assert.Contains(worker, workers.Description);
    }

    [Fact]
    public async Task A_worker_is_stalled_once_it_made_no_progress_for_longer_than_the_setting_and_well_again_when_it_beats()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var heartbeats = new WorkerHeartbeats(time);
        var check = new WorkersReadyCheck(heartbeats, Options.Create(new WorkerOptions { StalledAfter = TimeSpan.FromMinutes(2) }));
        var heartbeat = heartbeats.Start("calculations");
        heartbeats.Start("webhooks");

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        time.Advance(TimeSpan.FromSeconds(1));
        var stalled = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Equal("Stalled: calculations (no progress for 121 s), webhooks (no progress for 121 s).", stalled.Description);

        heartbeat.Beat();
        Assert.Equal("Stalled: webhooks (no progress for 121 s).", (await check.CheckHealthAsync(new HealthCheckContext())).Description);
    }

    private sealed record Report(string Status, Dictionary<string, Check> Checks);

    private sealed record Check(string Status, string Description);
}

/// <summary>The API with its workers' heartbeats on a clock the test moves.</summary>
public sealed class StalledWorkerFixture : ApiFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(new WorkerHeartbeats(Time));
}

public class StalledWorkerTests(StalledWorkerFixture fixture) : IClassFixture<StalledWorkerFixture>
{
    [Fact]
    public async Task Ready_answers_503_naming_a_stalled_worker_while_live_still_answers_200()
    {
        var heartbeats = fixture.Host.Services.GetRequiredService<WorkerHeartbeats>();
        heartbeats.Start("stuck-for-the-test");
        fixture.Time.Advance(TimeSpan.FromMinutes(3));

        var ready = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.StatusCodeShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        Assert.Contains("stuck-for-the-test (no progress for 180 s)", ready.ReadAsText());
        await fixture.Host.Scenario(s => s.Get.Url("/health/live"));
    }
}
