using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IO;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Every answer FastEndpoints serializes, a problem of binding or validation included, is serialized into pooled memory
/// first and then written in one piece with its <c>Content-Length</c> (ADR 0032). FastEndpoints' own writer streams the JSON and
/// flushes when it is done, and Kestrel then sent the end of the chunked body when the request completed: two writes to the
/// client's socket for every answer.</summary>
public static class JsonResponses
{
    // Blocks of 16 KiB, so that most answers take one; a page of 200 employees (about 90 KB) takes six. What the pool keeps for
    // the next answers is bounded: past it, blocks go back to the garbage collector. Its large buffers are never used here, since
    // nothing asks the stream for one contiguous array.
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 16 * 1024,
        MaximumSmallPoolFreeBytes = 8 * 1024 * 1024,
    });

    /// <summary>FastEndpoints' <c>ResponseSerializer</c>, with the content types it would send (<c>charset=utf-8</c> added).</summary>
    public static async Task WriteAsync(HttpResponse response, object? dto, string contentType, JsonSerializerContext? context,
        JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        if (dto is null)
            return;
        using var body = Buffers.GetStream();
        // As object, as FastEndpoints does: System.Text.Json then writes the discriminator of a polymorphic answer's base type.
        JsonSerializer.Serialize<object>(body, dto, context?.Options ?? options);
        response.ContentType = contentType + "; charset=utf-8";
        response.ContentLength = body.Length;
        // Kestrel puts the headers in its output and sends them with the body at the flush.
        await response.StartAsync(cancellationToken);
        var writer = response.BodyWriter;
        foreach (var block in body.GetReadOnlySequence())
            writer.Write(block.Span);
        await writer.FlushAsync(cancellationToken);
    }
}
