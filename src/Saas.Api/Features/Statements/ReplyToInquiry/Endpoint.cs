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
        if (await InquiryThreads.VisibleAsync(work, request.Id, User, cancellationToken) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", request.Id));
            return;
        }
        if (await InquiryThreads.LoadForChangeAsync(work, statement, request.InquiryId) is not { } inquiry)
        {
            await Send.ResultAsync(Problems.NotFound("inquiry", request.InquiryId));
            return;
        }
        inquiry.Status = role == "admin" ? StatementInquiry.Answered : StatementInquiry.Open;
        inquiry.Messages.Add(new InquiryMessage(User.Identity?.Name, role, request.Message!.Trim(), DateTimeOffset.UtcNow));
        work.Documents.Store(inquiry);
        await work.CommitAsync();
        await Send.OkAsync(inquiry.ToResponse(), cancellationToken);
    }
}
