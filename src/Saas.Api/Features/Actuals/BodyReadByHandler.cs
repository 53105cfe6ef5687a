using FastEndpoints;

namespace Saas.Api.Features.Actuals;

/// <summary>The binder of a bulk JSON endpoint, which reads its body itself with <see cref="BatchBody{T}"/>, item by item,
/// so that one unreadable item is that item's error rather than the request's. Its request type only describes the body
/// for the OpenAPI document and the accepted content type.</summary>
public sealed class BodyReadByHandler<TRequest> : IRequestBinder<TRequest> where TRequest : notnull, new()
{
    public ValueTask<TRequest> BindAsync(BinderContext context, CancellationToken cancellation) => ValueTask.FromResult(new TRequest());
}
