using System.Text.Json;
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
        if (await StatementAccess.VisibleAsync(work, request.Id, User, cancellationToken) is not { } statement)
        {
            await Send.ResultAsync(Problems.NotFound("statement", request.Id));
            return;
        }
        if (request.ComponentId is { } component && !await HasLineOfAsync(work, statement.Id, component, cancellationToken))
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
        work.Documents.Insert(inquiry);
        work.Documents.Insert(StatementAuditEntry.For(statement.Id, "inquiry", author, now));
        await work.CommitAsync();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/statements/{request.Id}/inquiries", inquiry.ToResponse()));
    }

    private static async Task<bool> HasLineOfAsync(UnitOfWork work, Guid statementId, string componentId, CancellationToken cancellationToken)
    {
        var calculated = await work.Documents.LoadAsync<CalculatedStatement>(statementId, cancellationToken);
        return calculated is not null && calculated.Lines.EnumerateArray().Any(line =>
            line.TryGetProperty("componentId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == componentId);
    }
}
