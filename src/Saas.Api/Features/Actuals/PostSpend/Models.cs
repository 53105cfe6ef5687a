namespace Saas.Api.Features.Actuals.PostSpend;

/// <summary>Up to 5 000 entries; the endpoint reads them item by item (<see cref="BatchBody{T}"/>).</summary>
public sealed class Request
{
    public IReadOnlyList<SpendInput> Entries { get; init; } = [];
}

/// <summary>What was spent on a day on a channel (and campaign), in a currency.</summary>
public sealed record SpendInput(DateOnly? Date, string? Channel, string? Campaign, decimal? Amount, string? Currency);

public sealed record Result(int Received, int Stored, IReadOnlyList<RejectedItem> Rejected);
