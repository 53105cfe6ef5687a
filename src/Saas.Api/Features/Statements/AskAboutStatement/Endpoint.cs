using FastEndpoints;
using Saas.Api.Features.Statements.Inquiries;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.AskAboutStatement;

/// <summary>Opens an inquiry about a statement the caller may see, or about one of its lines.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<AskRequest, InquiryResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/inquiries");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("AskAboutStatement").Produces<InquiryResponse>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Question a statement line (open an inquiry)");
    }

    public override async Task HandleAsync(AskRequest request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await InquiryThreads.VisibleAsync(work, request.Id, User) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", request.Id));
            return;
        }
        if (request.ComponentId is { } component && await work.ExecuteScalarAsync<bool>("""
                select not exists (select from statements s, jsonb_array_elements(s.lines) l
                                   where s.tenant_id = @TenantId and s.id = @Id and l->>'componentId' = @component)
                """, new { work.TenantId, request.Id, component }))
        {
            await Send.ResultAsync(Problems.Validation("componentId", $"The statement has no line of the component '{component}'.", "LineExists"));
            return;
        }
        var author = User.Identity?.Name;
        var now = DateTimeOffset.UtcNow;
        var inquiry = new StatementInquiry
        {
            Id = Guid.CreateVersion7(),
            EmployeeId = statement.EmployeeId,
            Period = statement.Period,
            StatementId = statement.Id,
            ComponentId = request.ComponentId,
            Messages = [new InquiryMessage(author, InquiryThreads.RoleOf(User), request.Message!.Trim(), now)],
            CreatedAt = now,
        };
        work.Documents.Store(inquiry);
        await work.ExecuteAsync("""
            insert into statement_audit (tenant_id, statement_id, action, actor, details) values (@TenantId, @Id, 'inquiry', @author, null)
            """, new { work.TenantId, statement.Id, author });
        await work.CommitAsync();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/statements/{request.Id}/inquiries", inquiry.ToResponse()));
    }
}
