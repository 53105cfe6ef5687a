namespace Saas.Api.Features.Statements;

/// <summary>A manual amount with its reason for an employee's period, carried by every later calculation of that period,
/// a Marten document (ADR 0012). Written once and kept: the application role may insert adjustments and nothing else.</summary>
public sealed class StatementAdjustment
{
    public Guid Id { get; set; }

    public Guid EmployeeId { get; set; }

    public required string Period { get; set; }

    public decimal Amount { get; set; }

    public required string Reason { get; set; }

    public string? Author { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
