using System.Security.Claims;
using Marten;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>An employee questions their statement (or one of its lines); admins answer; either may write again. The thread
/// belongs to the employee's statement for the period, so it stays when a recalculation makes a new revision.</summary>
public static class InquiryThreads
{
    /// <summary>What a thread hangs on: the employee and period of the statement it was opened on.</summary>
    public sealed record StatementKey(Guid Id, Guid EmployeeId, string Period);

    /// <summary>The statement, if the caller may see it: employees only their own.</summary>
    public static async Task<StatementKey?> VisibleAsync(UnitOfWork work, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await StatementAccess.VisibleAsync(work, id, user, cancellationToken) is { } statement
            ? new StatementKey(statement.Id, statement.EmployeeId, statement.Period)
            : null;

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimNames.Role)?.Value ?? "employee";

    /// <summary>The threads of the statement's employee and period, oldest first.</summary>
    public static async Task<IReadOnlyList<InquiryResponse>> ReadAsync(UnitOfWork work, StatementKey statement)
    {
        var inquiries = await work.Documents.Query<StatementInquiry>()
            .Where(i => i.EmployeeId == statement.EmployeeId && i.Period == statement.Period)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync();
        return inquiries.Select(i => i.ToResponse()).ToList();
    }

    /// <summary>One inquiry of the statement's employee and period, for a change: replies of one inquiry take turns (a
    /// transaction-scoped lock), so that two at once both land in the thread.</summary>
    public static async Task<StatementInquiry?> LoadForChangeAsync(UnitOfWork work, StatementKey statement, Guid inquiryId)
    {
        await work.LockAsync($"inquiry:{work.TenantId}:{inquiryId}");
        var inquiry = await work.Documents.LoadAsync<StatementInquiry>(inquiryId);
        return inquiry is not null && inquiry.EmployeeId == statement.EmployeeId && inquiry.Period == statement.Period ? inquiry : null;
    }
}
