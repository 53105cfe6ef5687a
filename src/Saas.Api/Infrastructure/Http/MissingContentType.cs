using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Saas.Api.Infrastructure.Http;

/// <summary>A request without <c>Content-Type</c> to an operation that takes a body answers 415 as a problem document.
/// FastEndpoints would answer a bare 415 that it has already started, which no later middleware can describe.</summary>
public sealed class MissingContentType(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        !context.Request.Headers.ContainsKey(HeaderNames.ContentType)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts && !accepts.ContentTypes.Contains("*/*")
            ? Problems.Of(ProblemTypes.UnsupportedMediaType, $"Send the body as {string.Join(" or ", accepts.ContentTypes)}.").ExecuteAsync(context)
            : next(context);
}
