using System.Net;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

public class HealthTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_migrated()
    {
        using var client = fixture.Api.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
