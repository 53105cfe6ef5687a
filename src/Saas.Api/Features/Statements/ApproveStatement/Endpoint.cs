using FastEndpoints;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.ApproveStatement;

/// <summary>An admin approves the latest revision of a statement; approved statements are frozen (a later change makes a
/// new revision) and count in the payroll export.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<StatementResponse>
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
        var row = await work.QuerySingleOrDefaultAsync<StatementRow>(
            $"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @id for update", new { work.TenantId, id });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("statement", id));
            return;
        }
        if (row.Status != "draft")
        {
            await Send.ResultAsync(Problems.Conflict($"The statement is {row.Status}; only the latest draft revision can be approved."));
            return;
        }
        if (await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @Period",
                new { work.TenantId, row.Period }) == "locked")
        {
            await Send.ResultAsync(Problems.Conflict($"{row.Period} is locked as paid."));
            return;
        }
        var approved = await work.QuerySingleAsync<StatementRow>($"""
            update statements set status = 'approved', approved_at = now(), approved_by = @actor
            where tenant_id = @TenantId and id = @id returning {StatementRow.Columns}
            """, new { work.TenantId, id, actor });
        await work.ExecuteAsync("insert into statement_audit (tenant_id, statement_id, action, actor) values (@TenantId, @id, 'approved', @actor)",
            new { work.TenantId, id, actor });
        var response = await StatementAccess.ReadAsync(work, approved);
        await Outbox.EnqueueAsync(work, WebhookEvents.StatementApproved, new StatementApproved(approved.Id, approved.EmployeeId, approved.Period,
            approved.Revision, approved.Total, approved.Currency.Trim(), approved.ApprovedAt ?? DateTimeOffset.UtcNow, approved.ApprovedBy));
        await work.CommitAsync();
        await Send.OkAsync(response, cancellationToken);
    }
}
