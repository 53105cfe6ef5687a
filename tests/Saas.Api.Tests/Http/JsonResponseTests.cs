using System.Net;
using System.Net.Http.Json;
using System.Text;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>An answer FastEndpoints serializes, a problem of binding or validation included, is written whole with its length, so
/// that Kestrel sends it in one write: not as a chunked body whose end goes in a write of its own (ADR 0032).</summary>
public class JsonResponseTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private static async Task<string> AssertWrittenWholeAsync(HttpResponseMessage response, HttpStatusCode status, string contentType)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        return Encoding.UTF8.GetString(body);
    }

    [Fact]
    public async Task Answers_and_problems_carry_their_length_and_are_not_chunked()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());

        Assert.Contains("\"slug\"", await AssertWrittenWholeAsync(await admin.GetAsync("/api/v1/tenant"), HttpStatusCode.OK, "application/json; charset=utf-8"));
        Assert.Contains("\"items\"", await AssertWrittenWholeAsync(await admin.GetAsync("/api/v1/api-keys"), HttpStatusCode.OK, "application/json; charset=utf-8"));
        Assert.Contains("/problems/bad-request", await AssertWrittenWholeAsync(await admin.GetAsync("/api/v1/api-keys?limit=abc"), HttpStatusCode.BadRequest,
            "application/problem+json; charset=utf-8"));
        Assert.Contains("/problems/validation", await AssertWrittenWholeAsync(await admin.PostAsJsonAsync("/api/v1/teams", new { name = "", department = "sales" }),
            HttpStatusCode.BadRequest, "application/problem+json; charset=utf-8"));
    }

    [Fact]
    public async Task An_idempotent_answer_run_into_memory_keeps_every_byte_and_is_replayed_the_same()
    {
        using var admin = fixture.Api.Client(await fixture.CreateTenantAsync());
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = new[] { "actuals:write" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        using var crm = fixture.Api.Client();
        crm.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());

        HttpRequestMessage Post() => new(HttpMethod.Post, "/api/v1/actuals/events")
        {
            Headers = { { "Idempotency-Key", "once" } },
            Content = JsonContent.Create(new
            {
                events = new[] { new { source = "crm", externalId = "e1", type = "lead.created", leadId = "L1", occurredAt = "2026-11-13T12:00:00Z" } },
            }),
        };
        var first = await AssertWrittenWholeAsync(await crm.SendAsync(Post()), HttpStatusCode.OK, "application/json; charset=utf-8");
        Assert.Contains("\"accepted\":1", first);

        var again = await crm.SendAsync(Post());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first, await AssertWrittenWholeAsync(again, HttpStatusCode.OK, "application/json; charset=utf-8"));
    }
}
