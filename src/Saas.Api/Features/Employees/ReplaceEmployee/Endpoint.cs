using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.ReplaceEmployee;

/// <summary><c>PUT</c>: the body is the whole employee, as for <c>POST</c>; a field left out is cleared (a missing
/// <c>teamId</c> takes the employee out of its team, a missing <c>externalIds</c> removes them all). The body is
/// <see cref="EmployeeFields"/> itself, shared with <c>CreateEmployee</c>, so the id is read from the route.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : Endpoint<EmployeeFields, EmployeeResponse>
{
    public override void Configure()
    {
        Put("{id:guid}");
        Group<EmployeesGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ReplaceEmployee")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Replace an employee");
    }

    public override async Task HandleAsync(EmployeeFields request, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if (request.CheckAmount(currency) is { } amountProblem)
        {
            await Send.ResultAsync(amountProblem);
            return;
        }
        var (employee, refusal) = await Employee.LoadForChangeAsync(work, HttpContext, id, cancellationToken);
        if (employee is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        // Checked once the employee is known to exist, so that a missing one is 404 whatever team is named. A team's
        // deletion takes no employee's lock, so waiting for the teams' lock while holding this one cannot deadlock with it.
        if (await request.CheckTeamAsync(work) is { } noTeam)
        {
            await Send.ResultAsync(noTeam);
            return;
        }

        request.WriteTo(employee, currency, time.GetUtcNow());
        // The lock makes the revision read the one stored.
        work.Documents.UpdateRevision(employee, employee.Version + 1);
        if (await request.SaveAsync(work, employee) is { } conflict)
        {
            await Send.ResultAsync(conflict);
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.OkAsync(employee.ToResponse(), cancellationToken);
    }
}
