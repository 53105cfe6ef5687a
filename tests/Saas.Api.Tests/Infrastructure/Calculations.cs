using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Api.Features.Statements;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A period's calculation over real HTTP, followed until the job ends (at most 30 s).</summary>
public static class Calculations
{
    public static async Task<JobResponse> RunAsync(HttpClient client, string period)
    {
        using var started = await client.PostAsync($"/api/v1/periods/{period}/calculations", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await client.GetFromJsonAsync<JobResponse>(started.Headers.Location, JsonSerializerOptions.Web);
        for (var attempt = 0; attempt < 150 && job!.Status is not ("succeeded" or "failed"); attempt++)
        {
            await Task.Delay(200);
            job = await client.GetFromJsonAsync<JobResponse>(started.Headers.Location, JsonSerializerOptions.Web);
        }
        return job!;
    }
}
