using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals;

/// <summary><c>POST /actuals/events</c>: up to 5 000 events, accepted item by item. The request fails as a whole only
/// when it is not a JSON object with an <c>events</c> array, or holds too many.</summary>
public static class PostEvents
{
    public const int MaxEvents = 5000;

    public sealed record Request(IReadOnlyList<EventInput> Events);

    public static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Handle(
        HttpRequest request, TenantDb db, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await BatchBody<EventInput>.ReadAsync(request, "events", MaxEvents, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
            return problem;

        await using var work = await db.BeginAsync(cancellationToken);
        var ingestion = await EventIngestion.StartAsync(work, time.GetUtcNow());
        foreach (var (index, errors) in body!.Unreadable)
            ingestion.Reject(index, errors);
        await ingestion.StageAsync(body.Items, cancellationToken);
        var result = await ingestion.FinishAsync();
        await work.CommitAsync();
        return TypedResults.Ok(result with { Rejected = [.. result.Rejected.OrderBy(r => r.Index)] });
    }
}

public static class BodyLimit
{
    /// <summary>Bulk endpoints take more than the API-wide limit; set before the body is read.</summary>
    public static void Raise(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = bytes;
    }
}

public static class JsonErrors
{
    /// <summary>One item's JSON error as a field error: the member it happened at and what was wrong, without .NET type names.</summary>
    public static Dictionary<string, string[]> Describe(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
        var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown property."
            : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "The value has the wrong JSON type or format."
            : "The JSON is malformed here.";
        return new Dictionary<string, string[]> { [field] = [message] };
    }
}
