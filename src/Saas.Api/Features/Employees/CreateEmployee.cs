using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

public static class CreateEmployee
{
    public static async Task<Results<Created<EmployeeResponse>, ProblemHttpResult>> Handle(
        EmployeeFields request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if (request.CheckAmount(currency) is { } amountProblem)
            return amountProblem;

        EmployeeRow row;
        try
        {
            row = await work.QuerySingleAsync<EmployeeRow>($"""
                insert into employees (tenant_id, id, full_name, email, role, department, team_id, base_salary, currency, start_date, end_date)
                values (@TenantId, @Id, @FullName, @Email, @Role, @Department, @TeamId, @BaseSalary, @currency, @StartDate, @EndDate)
                returning {EmployeeRow.Columns}
                """, new
            {
                work.TenantId,
                Id = Guid.CreateVersion7(),
                FullName = request.FullName!.Trim(),
                Email = request.Email?.Trim(),
                request.Role,
                Department = request.DepartmentOrDefault,
                request.TeamId,
                request.BaseSalary,
                currency,
                request.StartDate,
                request.EndDate,
            });
            if (request.ExternalIds is { Count: > 0 } ids && await ExternalIds.ReplaceAsync(work, row.Id, ids) is { Count: > 0 } taken)
                return ExternalIds.Taken(taken);
        }
        catch (PostgresException e) when (request.ProblemFor(e) is { } problem)
        {
            return problem;
        }
        var externalIds = await ExternalIds.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/employees/{row.Id}", row.ToResponse(ExternalIds.For(externalIds, row.Id)));
    }
}

public static class TenantCurrency
{
    public static Task<string> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<string>("select currency from tenants where id = @TenantId", new { work.TenantId });
}
