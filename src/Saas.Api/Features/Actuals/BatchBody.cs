using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals;

/// <summary>Reads <c>{ "&lt;name&gt;": [ … ] }</c> item by item, so that an item with a wrong JSON type is that item's
/// error rather than the whole request's. The request fails only when it is not such an object or holds too many items.</summary>
public sealed class BatchBody<T> where T : class
{
    public List<(int Index, T Item)> Items { get; } = [];
    public List<(int Index, Dictionary<string, string[]> Errors)> Unreadable { get; } = [];

    /// <summary>Bulk endpoints take more than the API-wide body limit: 5 000 items of a few hundred bytes, with room for comments.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static async Task<(BatchBody<T>? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, string name, int maxItems,
        JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Of(ProblemTypes.UnsupportedMediaType, "Send the body as application/json."));
        BodyLimit.Raise(request.HttpContext, MaxBodyBytes);

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not JSON.", StatusCodes.Status400BadRequest, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
                return (null, Problems.Validation(name, $"The body is an object with a '{name}' array.", "Required"));
            if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != name) is { } extra)
                return (null, Problems.Of(ProblemTypes.UnknownProperty, $"The property '{extra}' is not accepted by this operation."));
            var count = array.GetArrayLength();
            if (count > maxItems)
                return (null, Problems.Of(ProblemTypes.PayloadTooLarge, $"{count} items in one request; send at most {maxItems} per request."));

            var body = new BatchBody<T>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                try
                {
                    if (element.Deserialize<T>(options) is { } item)
                        body.Items.Add((index, item));
                    else
                        body.Unreadable.Add((index, new Dictionary<string, string[]> { ["$"] = ["An item is an object, not null."] }));
                }
                catch (JsonException e)
                {
                    body.Unreadable.Add((index, JsonErrors.Describe(e)));
                }
                index++;
            }
            return (body, null);
        }
    }
}
