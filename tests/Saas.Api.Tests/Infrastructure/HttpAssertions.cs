using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Saas.Api.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 answer with the given status and every member this API promises, and
    /// returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "traceId" })
            Assert.True(problem.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null, $"'{member}' missing in {body}");
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (type is not null)
            Assert.Equal("/problems/" + type, problem.GetProperty("type").GetString());
        return problem;
    }

    public static async Task<JsonElement> AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);
}
