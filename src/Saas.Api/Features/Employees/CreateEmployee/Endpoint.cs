using FastEndpoints;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.CreateEmployee;

/// <summary>Without a <c>currency</c>, the employee is paid in the tenant's; without a <c>department</c>, the role's.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<EmployeeFields, EmployeeResponse>
{
    public override void Configure()
    {
        Post("");
        Group<EmployeesGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("CreateEmployee")
            .Produces<EmployeeResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Create an employee");
    }

    public override async Task HandleAsync(EmployeeFields request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if ((request.CheckAmount(currency) ?? await request.CheckTeamAsync(work)) is { } invalid)
        {
            await Send.ResultAsync(invalid);
            return;
        }

        EmployeeRow row;
        try
        {
            row = await work.QuerySingleAsync<EmployeeRow>($"""
                insert into employees (tenant_id, id, full_name, email, role, department, team_id, base_salary, currency, start_date, end_date)
                values (@TenantId, @Id, @FullName, @Email, @Role, @Department, @TeamId, @BaseSalary, @Currency, @StartDate, @EndDate)
                returning {EmployeeRow.Columns}
                """, request.ValuesFor(work.TenantId, Guid.CreateVersion7(), currency));
            if (request.ExternalIds is { Count: > 0 } ids && await ExternalIds.ReplaceAsync(work, row.Id, ids) is { Count: > 0 } taken)
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
        var response = await row.ToResponseAsync(work);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/employees/{row.Id}", response));
    }
}
