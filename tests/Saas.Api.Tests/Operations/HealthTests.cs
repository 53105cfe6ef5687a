using System.Net;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

public class HealthTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_migrated()
    {
        await fixture.Host.Scenario(s => s.Get.Url("/health/live"));
        var ready = await fixture.Host.Scenario(s => s.Get.Url("/health/ready"));
        Assert.Contains("Healthy", ready.ReadAsText());
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)ready.Context.Response.StatusCode);
    }
}
