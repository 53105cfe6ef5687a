using FastEndpoints;
using Saas.Api.Features.Statements.Inquiries;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ReplyToInquiry;

/// <summary>An admin's answer marks the inquiry answered; the employee writing again reopens it. Managers read inquiries
/// but do not answer them.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<ReplyRequest, InquiryResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/inquiries/{inquiryId:guid}/replies");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("ReplyToInquiry"));
        Summary(summary => summary.Summary = "Reply to an inquiry");
    }

    public override async Task HandleAsync(ReplyRequest request, CancellationToken cancellationToken)
    {
        var role = InquiryThreads.RoleOf(User);
        if (role == "manager")
        {
            await Send.ResultAsync(Problems.Of(ProblemTypes.Forbidden, "Admins answer inquiries; the employee may write again."));
            return;
        }
        await using var work = await db.BeginAsync(cancellationToken);
        if (await InquiryThreads.VisibleAsync(work, request.Id, User) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", request.Id));
            return;
        }
        var updated = await work.ExecuteAsync("""
            update statement_inquiries set status = @status
            where tenant_id = @TenantId and id = @InquiryId and employee_id = @EmployeeId and period = @Period
            """, new { work.TenantId, request.InquiryId, statement.EmployeeId, statement.Period, status = role == "admin" ? "answered" : "open" });
        if (updated == 0)
        {
            await Send.ResultAsync(Problems.NotFound("inquiry", request.InquiryId));
            return;
        }
        await work.ExecuteAsync("""
            insert into statement_inquiry_messages (tenant_id, inquiry_id, author, author_role, text) values (@TenantId, @InquiryId, @author, @role, @text)
            """, new { work.TenantId, request.InquiryId, author = User.Identity?.Name, role, text = request.Message!.Trim() });
        var thread = (await InquiryThreads.ReadAsync(work, statement, request.InquiryId)).Single();
        await work.CommitAsync();
        await Send.OkAsync(thread, cancellationToken);
    }
}
