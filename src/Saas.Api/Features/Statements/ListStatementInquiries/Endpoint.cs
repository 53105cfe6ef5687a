using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ListStatementInquiries;

/// <summary>The inquiries of the statement's employee and period, whichever revision they were opened on.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<IReadOnlyList<InquiryResponse>>
{
    public override void Configure()
    {
        Get("{id:guid}/inquiries");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("ListStatementInquiries"));
        Summary(summary => summary.Summary = "List a statement's inquiries and their replies");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        if (await InquiryThreads.VisibleAsync(work, id, User, cancellationToken) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", id));
            return;
        }
        await Send.OkAsync(await InquiryThreads.ReadAsync(work, statement), cancellationToken);
    }
}
