using System.Security.Claims;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements;

/// <summary>An employee questions their statement (or one of its lines); admins answer; either may write again. The thread
/// belongs to the employee's statement for the period, so it stays when a recalculation makes a new revision.</summary>
public static class InquiryThreads
{
    /// <summary>What a thread hangs on: the employee and period of the statement it was opened on.</summary>
    public sealed record StatementKey(Guid Id, Guid EmployeeId, string Period);

    private sealed record InquiryRow(Guid Id, Guid StatementId, string Period, string? ComponentId, string Status, DateTimeOffset CreatedAt);

    private sealed record MessageRow(Guid InquiryId, string? Author, string AuthorRole, string Text, DateTimeOffset At);

    /// <summary>The statement, if the caller may see it: employees only their own.</summary>
    public static Task<StatementKey?> VisibleAsync(UnitOfWork work, Guid id, ClaimsPrincipal user) =>
        work.QuerySingleOrDefaultAsync<StatementKey>(
            "select id, employee_id, period from statements where tenant_id = @TenantId and id = @id and (@own::uuid is null or employee_id = @own)",
            new { work.TenantId, id, own = StatementAccess.OnlyEmployee(user) });

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimNames.Role)?.Value ?? "employee";

    /// <summary>The threads of the statement's employee and period, or only the one given.</summary>
    public static async Task<IReadOnlyList<InquiryResponse>> ReadAsync(UnitOfWork work, StatementKey statement, Guid? only)
    {
        var inquiries = (await work.QueryAsync<InquiryRow>("""
            select id, statement_id, period, component_id, status, created_at from statement_inquiries
            where tenant_id = @TenantId and employee_id = @EmployeeId and period = @Period and (@only::uuid is null or id = @only)
            order by created_at, id
            """, new { work.TenantId, statement.EmployeeId, statement.Period, only })).ToList();
        var messages = (await work.QueryAsync<MessageRow>("""
            select inquiry_id, author, author_role, text, at from statement_inquiry_messages
            where tenant_id = @TenantId and inquiry_id = any(@ids) order by id
            """, new { work.TenantId, ids = inquiries.Select(i => i.Id).ToArray() })).ToLookup(m => m.InquiryId);
        return inquiries.Select(i => new InquiryResponse(i.Id, i.StatementId, i.Period, i.ComponentId, i.Status,
            messages[i.Id].Select(m => new InquiryMessage(m.Author, m.AuthorRole, m.Text, m.At)).ToList(), i.CreatedAt)).ToList();
    }
}
