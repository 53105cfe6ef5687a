using System.Text.Json;
using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements.AddAdjustment;

/// <summary>An adjustment with amount and reason: kept for the employee and period, and the statement is recomputed at once
/// with it (a new revision, awaiting approval when the statement was approved).</summary>
public sealed class Endpoint(TenantDb db, StatementCalculation calculation) : Endpoint<Request, StatementResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/adjustments");
        Group<StatementsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("AddAdjustment").Produces<StatementResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Add a manual adjustment with its reason to a statement");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var actor = User.Identity?.Name;
        StatementRow? row;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            row = await work.QuerySingleOrDefaultAsync<StatementRow>(
                $"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @Id", new { work.TenantId, request.Id });
            if (row is null)
            {
                await Send.ResultAsync(Problems.NotFound("statement", request.Id));
                return;
            }
            if (row.Status == "superseded")
            {
                await Send.ResultAsync(Problems.Conflict("This revision was superseded; adjust the latest revision of the statement."));
                return;
            }
            if (await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @Period",
                    new { work.TenantId, row.Period }) == "locked")
            {
                await Send.ResultAsync(Problems.Conflict($"{row.Period} is locked as paid; add the adjustment to an open period."));
                return;
            }
            await work.ExecuteAsync("""
                insert into statement_adjustments (tenant_id, id, employee_id, period, amount, reason, author)
                values (@TenantId, @adjustment, @EmployeeId, @Period, @Amount, @Reason, @actor)
                """, new
            {
                work.TenantId,
                adjustment = Guid.CreateVersion7(),
                row.EmployeeId,
                row.Period,
                request.Amount,
                Reason = request.Reason!.Trim(),
                actor,
            });
            await work.CommitAsync();
        }

        await calculation.CalculateAsync(db.TenantId, Period.Parse(row.Period), null, row.EmployeeId, cancellationToken);
        await using var read = await db.BeginAsync(cancellationToken);
        var latest = await read.QuerySingleAsync<StatementRow>($"""
            select {StatementRow.Columns} from statements where tenant_id = @TenantId and employee_id = @EmployeeId and period = @Period
            order by revision desc limit 1
            """, new { read.TenantId, row.EmployeeId, row.Period });
        if (latest.Id == row.Id)
        {
            await Send.ResultAsync(Problems.Conflict("The adjustment is kept, but no plan covers the employee in this period any more, so no statement carries it."));
            return;
        }
        await read.ExecuteAsync("insert into statement_audit (tenant_id, statement_id, action, actor, details) values (@TenantId, @Id, 'adjusted', @actor, @details::jsonb)",
            new { read.TenantId, latest.Id, actor, details = JsonSerializer.Serialize(new { request.Amount, request.Reason }) });
        var response = await StatementAccess.ReadAsync(read, latest);
        await read.CommitAsync();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/statements/{latest.Id}", response));
    }
}
