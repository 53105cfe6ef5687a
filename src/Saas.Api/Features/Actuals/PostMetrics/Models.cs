namespace Saas.Api.Features.Actuals.PostMetrics;

/// <summary>Up to 5 000 values; the endpoint reads them item by item (<see cref="BatchBody{T}"/>).</summary>
public sealed class Request
{
    public IReadOnlyList<MetricInput> Values { get; init; } = [];
}

/// <summary>A metric's value for an employee and a period, as the CRM computed it.</summary>
public sealed record MetricInput(Guid? EmployeeId, string? Metric, string? Period, decimal? Value);

public sealed record Result(int Received, int Stored, IReadOnlyList<RejectedItem> Rejected);
