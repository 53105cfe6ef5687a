using FastEndpoints;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ApproveStatement;

/// <summary>An admin approves the latest revision of a statement; approved statements are frozen (a later change makes a
/// new revision) and count in the payroll export.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/approve");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ApproveStatement").ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Approve a statement");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var actor = User.Identity?.Name;
        await using var work = await db.BeginAsync(cancellationToken);
        var statement = await work.Documents.LoadAsync<Statement>(id, cancellationToken);
        if (statement is not null)
        {
            // Read again under the lock a recalculation takes, which may have superseded this draft meanwhile.
            await Statement.LockAsync(work, statement.EmployeeId, statement.Period);
            statement = await work.Documents.LoadAsync<Statement>(id, cancellationToken);
        }
        if (statement is null)
        {
            await Send.ResultAsync(Problems.NotFound("statement", id));
            return;
        }
        if (statement.Status != Statement.Draft)
        {
            await Send.ResultAsync(Problems.Conflict($"The statement is {statement.Status}; only the latest draft revision can be approved."));
            return;
        }
        if (await PayPeriods.IsLockedAsync(work, statement.Period))
        {
            await Send.ResultAsync(Problems.Conflict($"{statement.Period} is locked as paid."));
            return;
        }
        var now = time.GetUtcNow();
        statement.Status = Statement.Approved;
        statement.ApprovedAt = now;
        statement.ApprovedBy = actor;
        work.Documents.Update(statement);
        work.Documents.Insert(StatementAuditEntry.For(id, "approved", actor, now));
        // Written now, in the transaction, so that the response reads the approval back with the rest of the audit.
        await work.Documents.SaveChangesAsync(cancellationToken);
        var response = await StatementAccess.ReadAsync(work, statement, cancellationToken);
        await Outbox.EnqueueAsync(work, WebhookEvents.StatementApproved, new StatementApproved(statement.Id, statement.EmployeeId, statement.Period,
            statement.Revision, response.Total, response.Currency, now, actor));
        await work.CommitAsync();
        await Send.OkAsync(response, cancellationToken);
    }
}
