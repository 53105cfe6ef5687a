using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>A webhook receiver on loopback, as a subscriber would run one: it records every request and answers with
/// whatever <see cref="Respond"/> says (200 by default).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string EventId, string Timestamp, string Signature, int Attempt, byte[] Body, DateTimeOffset At)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>What a receiver checks, written out here rather than calling the API's own code.</summary>
        public bool SignedWith(string secret)
        {
            var signed = Encoding.UTF8.GetBytes(Timestamp + ".").Concat(Body).ToArray();
            return Signature == "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        }
    }

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status to answer a request with, given how many requests came before it.</summary>
    public Func<int, HttpStatusCode> Respond { get; set; } = _ => HttpStatusCode.OK;

    /// <summary>How long the receiver takes to answer (a slow subscriber).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var received = new Received(request.Headers["Webhook-Id"].ToString(), request.Headers["Webhook-Timestamp"].ToString(),
                request.Headers["Webhook-Signature"].ToString(), int.Parse(request.Headers["Webhook-Attempt"].ToString()), body.ToArray(),
                DateTimeOffset.UtcNow);
            receiver.Requests.Enqueue(received);
            if (receiver.Delay > TimeSpan.Zero)
                await Task.Delay(receiver.Delay);
            return Results.StatusCode((int)receiver.Respond(Interlocked.Increment(ref count) - 1));
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single() + "/hook";
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails after <paramref name="seconds"/>.</summary>
    public async Task<List<Received>> WaitForAsync(Func<List<Received>, bool> done, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var received = Requests.ToList();
            if (done(received))
                return received;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"The receiver got {received.Count} requests in {seconds} s, not what the test waited for.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
