using FastEndpoints;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.ReplaceEmployee;

/// <summary><c>PUT</c>: the body is the whole employee, as for <c>POST</c>; a field left out is cleared (a missing
/// <c>teamId</c> takes the employee out of its team, a missing <c>externalIds</c> removes them all). The body is
/// <see cref="EmployeeFields"/> itself, shared with <c>CreateEmployee</c>, so the id is read from the route.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<EmployeeFields, EmployeeResponse>
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
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if (request.CheckAmount(currency) is { } amountProblem)
        {
            await Send.ResultAsync(amountProblem);
            return;
        }

        EmployeeRow? row;
        try
        {
            row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
                update employees set
                    full_name = @FullName, email = @Email, role = @Role, department = @Department, team_id = @TeamId,
                    base_salary = @BaseSalary, currency = @Currency, start_date = @StartDate, end_date = @EndDate,
                    version = version + 1, updated_at = now()
                where tenant_id = @TenantId and id = @Id and (@ExpectedVersion::int is null or version = @ExpectedVersion)
                returning {EmployeeRow.Columns}
                """, request.ValuesFor(work.TenantId, id, currency, expectedVersion));
            if (row is not null && await ExternalIds.ReplaceAsync(work, row.Id, request.ExternalIds ?? []) is { Count: > 0 } taken)
            {
                await Send.ResultAsync(ExternalIds.Taken(taken));
                return;
            }
        }
        catch (PostgresException e) when (request.ProblemFor(e) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        if (row is null)
        {
            await Send.ResultAsync(await EmployeeVersion.ProblemAsync(work, id));
            return;
        }
        // Checked once the employee is known to exist, so that a missing one is 404 whatever team is named. A team's
        // deletion locks no employee row, so waiting for its lock while holding this row cannot deadlock with it.
        if (await request.CheckTeamAsync(work) is { } noTeam)
        {
            await Send.ResultAsync(noTeam);
            return;
        }
        var response = await row.ToResponseAsync(work);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
