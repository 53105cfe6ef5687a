using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>A revision of an employee's statement for a period as lists show it, a Marten document (ADR 0012): its total,
/// whether it is the latest revision, and its approval. What the calculation computed (lines, inputs) is the
/// <see cref="CalculatedStatement"/> of the same id, written once and never changed, and who did what is a
/// <see cref="StatementAuditEntry"/> each; only the status, <see cref="Latest"/> and the approval change here, under
/// <see cref="LockAsync(UnitOfWork, Guid, string)"/>, and an approval is also an audit entry. The totals here are a copy
/// for lists; what is paid (payroll, the approval's webhook, a statement read whole) is read from the calculated revision.</summary>
public sealed class Statement
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Superseded = "superseded";

    public Guid Id { get; set; }

    public Guid EmployeeId { get; set; }

    public required string Period { get; set; }

    public int Revision { get; set; }

    public string Status { get; set; } = Draft;

    /// <summary>Whether this is the employee's latest revision for the period, the one a list shows.</summary>
    public bool Latest { get; set; }

    public required string Currency { get; set; }

    public decimal Total { get; set; }

    /// <summary>The recoverable draw balance the statement carries out to the next period (0 without a recoverable draw).</summary>
    public decimal DrawBalance { get; set; }

    /// <summary>Whether its lines take back commission paid in an earlier period (clawback lines), which later
    /// calculations subtract from what is left to take back.</summary>
    public bool TakesBack { get; set; }

    /// <summary>The revision the change per line is shown against: the last approved one, else the draft it replaced.</summary>
    public Guid? PreviousId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public string? ApprovedBy { get; set; }

    /// <summary>The latest revision, a draft, as a calculation wrote it.</summary>
    public static Statement Of(CalculatedStatement calculated, bool takesBack) => new()
    {
        Id = calculated.Id,
        EmployeeId = calculated.EmployeeId,
        Period = calculated.Period,
        Revision = calculated.Revision,
        Latest = true,
        Currency = calculated.Currency,
        Total = calculated.Total,
        DrawBalance = calculated.DrawBalance,
        TakesBack = takesBack,
        PreviousId = calculated.PreviousId,
        CreatedAt = calculated.CreatedAt,
    };

    /// <summary>One writer per employee and period: a calculation (an adjustment's too) and an approval take turns until commit.</summary>
    public static Task LockAsync(UnitOfWork work, Guid employeeId, string period) => work.LockAsync(LockName(work, employeeId, period));

    /// <summary><see cref="LockAsync(UnitOfWork, Guid, string)"/> for many employees' statements of a period in one round trip.</summary>
    public static Task LockAsync(UnitOfWork work, IEnumerable<Guid> employeeIds, string period) =>
        work.LockAsync(employeeIds.Select(employeeId => LockName(work, employeeId, period)));

    private static string LockName(UnitOfWork work, Guid employeeId, string period) => $"statement:{work.TenantId}:{employeeId}:{period}";
}
