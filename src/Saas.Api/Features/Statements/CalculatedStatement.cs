using System.Text.Json;

namespace Saas.Api.Features.Statements;

/// <summary>What one calculation computed for an employee and period, a Marten document (ADR 0012) with the id of its
/// <see cref="Statement"/>: the lines, what they were computed from, and the totals. Written once and kept: the
/// application role may insert these and nothing else, so what a statement paid can never be rewritten; a unique index
/// keeps one per employee, period and revision.</summary>
public sealed class CalculatedStatement
{
    /// <summary>The unique index on employee, period and revision within a tenant (<see cref="Infrastructure.Database.Documents"/>).</summary>
    public const string RevisionIndex = "mt_doc_calculatedstatement_uidx_employee_period_revision";

    public Guid Id { get; set; }

    public Guid EmployeeId { get; set; }

    public required string Period { get; set; }

    public int Revision { get; set; }

    public required string Currency { get; set; }

    public decimal Total { get; set; }

    public decimal DrawBalance { get; set; }

    /// <summary>The lines as the payout rules write them (<see cref="Engine.Plans.PlanJson"/>), kept as written.</summary>
    public JsonElement Lines { get; set; }

    /// <summary>What the statement was computed from (<see cref="StatementCalculation.StatementInputs"/>), as written.</summary>
    public JsonElement Inputs { get; set; }

    /// <summary>SHA-256 of the inputs and lines, base64: a recalculation that comes to the same leaves the statement alone.</summary>
    public required string InputsHash { get; set; }

    public Guid? PreviousId { get; set; }

    public Guid? JobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
