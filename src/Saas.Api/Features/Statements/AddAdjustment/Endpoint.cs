using FastEndpoints;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements.AddAdjustment;

/// <summary>An adjustment with amount and reason: kept for the employee and period, and the statement is recomputed at once
/// with it (a new revision, awaiting approval when the statement was approved).</summary>
public sealed class Endpoint(TenantDb db, StatementCalculation calculation, TimeProvider time) : Endpoint<Request, StatementResponse>
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
        Statement? statement;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            statement = await work.Documents.LoadAsync<Statement>(request.Id, cancellationToken);
            if (statement is null)
            {
                await Send.ResultAsync(Problems.NotFound("statement", request.Id));
                return;
            }
            if (statement.Status == Statement.Superseded)
            {
                await Send.ResultAsync(Problems.Conflict("This revision was superseded; adjust the latest revision of the statement."));
                return;
            }
            if (await PayPeriods.IsLockedAsync(work, statement.Period))
            {
                await Send.ResultAsync(Problems.Conflict($"{statement.Period} is locked as paid; add the adjustment to an open period."));
                return;
            }
            work.Documents.Insert(new StatementAdjustment
            {
                Id = Guid.CreateVersion7(),
                EmployeeId = statement.EmployeeId,
                Period = statement.Period,
                Amount = Numeric.Stored(request.Amount!.Value),
                Reason = request.Reason!.Trim(),
                Author = actor,
                CreatedAt = time.GetUtcNow(),
            });
            await work.CommitAsync();
        }

        await calculation.CalculateAsync(db.TenantId, Period.Parse(statement.Period), null, statement.EmployeeId, cancellationToken);
        await using var read = await db.BeginAsync(cancellationToken);
        var employeeId = statement.EmployeeId;
        var period = statement.Period;
        var latest = await read.Documents.Query<Statement>().SingleAsync(s => s.EmployeeId == employeeId && s.Period == period && s.Latest, cancellationToken);
        if (latest.Id == statement.Id)
        {
            await Send.ResultAsync(Problems.Conflict("The adjustment is kept, but no plan covers the employee in this period any more, so no statement carries it."));
            return;
        }
        read.Documents.Insert(StatementAuditEntry.For(latest.Id, "adjusted", actor, time.GetUtcNow(), new { request.Amount, request.Reason }));
        await read.Documents.SaveChangesAsync(cancellationToken);
        var response = await StatementAccess.ReadAsync(read, latest, cancellationToken);
        await read.CommitAsync();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/statements/{latest.Id}", response));
    }
}
