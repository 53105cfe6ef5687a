using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements;

public sealed record InquiryMessage(string? Author, string AuthorRole, string Text, DateTimeOffset At);

public sealed record InquiryResponse(Guid Id, Guid StatementId, string Period, string? ComponentId, string Status, IReadOnlyList<InquiryMessage> Messages,
    DateTimeOffset CreatedAt);

/// <summary>An employee questions their statement (or one of its lines); admins answer; either may write again. The
/// thread belongs to the employee's statement for the period, so it stays when a recalculation makes a new revision.</summary>
public static class Inquiries
{
    public sealed record AskRequest(string? ComponentId, string? Message);

    public sealed record ReplyRequest(string? Message);

    public sealed class AskValidator : AbstractValidator<AskRequest>
    {
        public static readonly AskValidator Instance = new();

        public AskValidator()
        {
            RuleFor(r => r.Message).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.ComponentId).MaximumLength(100);
        }
    }

    public sealed class ReplyValidator : AbstractValidator<ReplyRequest>
    {
        public static readonly ReplyValidator Instance = new();

        public ReplyValidator() => RuleFor(r => r.Message).NotEmpty().MaximumLength(4000);
    }

    private sealed record StatementKey(Guid Id, Guid EmployeeId, string Period);

    private sealed record InquiryRow(Guid Id, Guid StatementId, string Period, string? ComponentId, string Status, DateTimeOffset CreatedAt);

    private sealed record MessageRow(Guid InquiryId, string? Author, string AuthorRole, string Text, DateTimeOffset At);

    /// <summary>The statement, if the caller may see it: employees only their own.</summary>
    private static Task<StatementKey?> VisibleAsync(UnitOfWork work, Guid id, HttpContext http) =>
        work.QuerySingleOrDefaultAsync<StatementKey>(
            "select id, employee_id, period from statements where tenant_id = @TenantId and id = @id and (@own::uuid is null or employee_id = @own)",
            new { work.TenantId, id, own = Statements.OnlyEmployee(http) });

    private static string RoleOf(HttpContext http) => http.User.FindFirst(ClaimNames.Role)?.Value ?? "employee";

    public static async Task<Results<Created<InquiryResponse>, ProblemHttpResult>> Ask(Guid id, AskRequest request, TenantDb db, HttpContext http,
        CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await VisibleAsync(work, id, http) is not { } statement)
            return Problems.NotFound("statement", id);
        if (request.ComponentId is { } component && await work.ExecuteScalarAsync<bool>("""
                select not exists (select from statements s, jsonb_array_elements(s.lines) l
                                   where s.tenant_id = @TenantId and s.id = @id and l->>'componentId' = @component)
                """, new { work.TenantId, id, component }))
            return Problems.Validation("componentId", $"The statement has no line of the component '{component}'.", "LineExists");
        var inquiryId = Guid.CreateVersion7();
        await work.ExecuteAsync("""
            insert into statement_inquiries (tenant_id, id, employee_id, period, statement_id, component_id)
            values (@TenantId, @inquiryId, @EmployeeId, @Period, @Id, @ComponentId);
            insert into statement_inquiry_messages (tenant_id, inquiry_id, author, author_role, text) values (@TenantId, @inquiryId, @author, @role, @text);
            insert into statement_audit (tenant_id, statement_id, action, actor, details) values (@TenantId, @Id, 'inquiry', @author, null);
            """, new
        {
            work.TenantId,
            inquiryId,
            statement.EmployeeId,
            statement.Period,
            statement.Id,
            request.ComponentId,
            author = http.User.Identity?.Name,
            role = RoleOf(http),
            text = request.Message!.Trim(),
        });
        var created = (await ReadAsync(work, statement, inquiryId)).Single();
        await work.CommitAsync();
        return TypedResults.Created($"/api/v1/statements/{id}/inquiries", created);
    }

    /// <summary>An admin's answer marks the inquiry answered; the employee writing again reopens it.</summary>
    public static async Task<Results<Ok<InquiryResponse>, ProblemHttpResult>> Reply(Guid id, Guid inquiryId, ReplyRequest request, TenantDb db,
        HttpContext http, CancellationToken cancellationToken)
    {
        var role = RoleOf(http);
        if (role == "manager")
            return Problems.Of(ProblemTypes.Forbidden, "Admins answer inquiries; the employee may write again.");
        await using var work = await db.BeginAsync(cancellationToken);
        if (await VisibleAsync(work, id, http) is not { } statement)
            return Problems.NotFound("statement", id);
        var updated = await work.ExecuteAsync("""
            update statement_inquiries set status = @status
            where tenant_id = @TenantId and id = @inquiryId and employee_id = @EmployeeId and period = @Period
            """, new { work.TenantId, inquiryId, statement.EmployeeId, statement.Period, status = role == "admin" ? "answered" : "open" });
        if (updated == 0)
            return Problems.NotFound("inquiry", inquiryId);
        await work.ExecuteAsync("""
            insert into statement_inquiry_messages (tenant_id, inquiry_id, author, author_role, text) values (@TenantId, @inquiryId, @author, @role, @text)
            """, new { work.TenantId, inquiryId, author = http.User.Identity?.Name, role, text = request.Message!.Trim() });
        var thread = (await ReadAsync(work, statement, inquiryId)).Single();
        await work.CommitAsync();
        return TypedResults.Ok(thread);
    }

    public static async Task<Results<Ok<IReadOnlyList<InquiryResponse>>, ProblemHttpResult>> List(Guid id, TenantDb db, HttpContext http,
        CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await VisibleAsync(work, id, http) is not { } statement)
            return Problems.NotFound("statement", id);
        return TypedResults.Ok(await ReadAsync(work, statement, null));
    }

    private static async Task<IReadOnlyList<InquiryResponse>> ReadAsync(UnitOfWork work, StatementKey statement, Guid? only)
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
