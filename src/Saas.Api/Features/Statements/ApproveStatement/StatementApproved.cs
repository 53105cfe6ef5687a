namespace Saas.Api.Features.Statements.ApproveStatement;

/// <summary>What <c>statement.approved</c> carries to webhook subscribers.</summary>
public sealed record StatementApproved(Guid StatementId, Guid EmployeeId, string Period, int Revision, decimal Total, string Currency,
    DateTimeOffset ApprovedAt, string? ApprovedBy);
