using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alba;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>What scenarios against this API say often: who calls, and that the answer is one of this API's problem documents.</summary>
public static class Scenarios
{
    /// <summary>Calls as the holder of this access token (<see cref="ApiFixture.TokenAsync"/>).</summary>
    public static Scenario As(this Scenario scenario, string token)
    {
        scenario.WithBearerToken(token);
        return scenario;
    }

    /// <summary>Expects an RFC 9457 answer with this status, of this type when given, with every member this API promises.</summary>
    public static void ProblemShouldBe(this Scenario scenario, HttpStatusCode status, string? type = null)
    {
        scenario.StatusCodeShouldBe(status);
        scenario.AssertThat(new ProblemAssertion(status, type));
    }

    /// <summary>The answer as a problem document (after <see cref="ProblemShouldBe"/>).</summary>
    public static Problem ReadProblem(this IScenarioResult result) =>
        JsonSerializer.Deserialize<Problem>(result.ReadAsText(), ProblemJson)!;

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);

    private sealed class ProblemAssertion(HttpStatusCode status, string? type) : IScenarioAssertion
    {
        public void Assert(Scenario scenario, AssertionContext context)
        {
            var response = context.HttpContext.Response;
            if (response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
                context.AddFailure($"Expected application/problem+json, got '{response.ContentType}'");
            System.Text.Json.Nodes.JsonNode? body;
            try
            {
                body = System.Text.Json.Nodes.JsonNode.Parse(context.ReadBodyAsString());
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body is null)
            {
                context.AddFailure("The answer is not JSON: " + context.ReadBodyAsString());
                return;
            }
            foreach (var member in new[] { "type", "title", "status", "detail", "instance", "traceId" })
                if (body[member] is null)
                    context.AddFailure($"'{member}' is missing");
            if (body["status"]?.GetValue<int>() != (int)status)
                context.AddFailure($"'status' is {body["status"]}, not {(int)status}");
            if (type is not null && body["type"]?.GetValue<string>() != "/problems/" + type)
                context.AddFailure($"'type' is {body["type"]}, not /problems/{type}");
        }
    }
}

/// <summary>An RFC 9457 problem document as this API writes it.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string Instance, string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyDictionary<string, string[]>? Rules)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

public static class HostReads
{
    /// <summary>GET as the holder of the token, expecting 200, read as the API's own response type.</summary>
    public static async Task<T> GetAsJson<T>(this IAlbaHost host, string url, string token) =>
        (await host.Scenario(s => s.As(token).Get.Url(url))).ReadAsJson<T>();
}
