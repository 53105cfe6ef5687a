namespace Saas.Api.Features.Actuals.PostEvents;

/// <summary>Up to 5 000 events; the endpoint reads them item by item (<see cref="BatchBody{T}"/>).</summary>
public sealed class Request
{
    public IReadOnlyList<EventInput> Events { get; init; } = [];
}
