using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Api.Infrastructure.Http;

/// <summary>The version a write's <c>If-Match</c> asks for, read before the handler runs: an unreadable header is answered
/// 400 here and the handler never starts (FastEndpoints skips it once a pre-processor has responded). An endpoint takes it
/// with <c>Definition.PreProcessor&lt;IfMatchVersion&gt;(Order.Before)</c> and reads it with <see cref="Expected"/>.</summary>
public sealed class IfMatchVersion : IGlobalPreProcessor
{
    private static readonly object Key = new();

    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken cancellationToken)
    {
        if (ETags.TryReadIfMatch(context.HttpContext.Request, out var version))
            context.HttpContext.Items[Key] = version;
        else
            await Problems.InvalidIfMatch().ExecuteAsync(context.HttpContext);
    }

    /// <summary>For a write over something read first (a document and its revision): 412 when <c>If-Match</c> names
    /// another version than <paramref name="current"/>, null when it names this one or is absent.</summary>
    public static ProblemHttpResult? Stale(HttpContext http, int current) =>
        Expected(http) is { } expected && expected != current ? Problems.PreconditionFailed(current) : null;

    /// <summary>The version to write over; null when <c>If-Match</c> is absent or <c>*</c>.</summary>
    public static int? Expected(HttpContext http) =>
        http.Items.TryGetValue(Key, out var version) ? (int?)version
            : throw new InvalidOperationException("The endpoint reads If-Match without the IfMatchVersion pre-processor.");
}
