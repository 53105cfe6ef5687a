using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

/// <summary><c>PUT</c>: the body is the whole employee, as for <c>POST</c>; a field left out is cleared (a missing
/// <c>teamId</c> takes the employee out of its team, a missing <c>externalIds</c> removes them all).</summary>
public static class ReplaceEmployee
{
    public static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> Handle(
        Guid id, EmployeeFields request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if (request.CheckAmount(currency) is { } amountProblem)
            return amountProblem;

        EmployeeRow? row;
        try
        {
            row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
                update employees set
                    full_name = @FullName, email = @Email, role = @Role, department = @Department, team_id = @TeamId,
                    base_salary = @BaseSalary, currency = @currency, start_date = @StartDate, end_date = @EndDate,
                    version = version + 1, updated_at = now()
                where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
                returning {EmployeeRow.Columns}
                """, new
            {
                work.TenantId,
                id,
                expectedVersion,
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
            if (row is not null && await ExternalIds.ReplaceAsync(work, row.Id, request.ExternalIds ?? []) is { Count: > 0 } taken)
                return ExternalIds.Taken(taken);
        }
        catch (PostgresException e) when (request.ProblemFor(e) is { } problem)
        {
            return problem;
        }
        if (row is null)
            return await EmployeeVersion.ProblemAsync(work, id);
        var externalIds = await ExternalIds.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(ExternalIds.For(externalIds, row.Id)));
    }
}

public static class EmployeeVersion
{
    /// <summary>Why a conditional write matched no row: the employee changed since it was read, or it does not exist here.</summary>
    public static async Task<ProblemHttpResult> ProblemAsync(UnitOfWork work, Guid id) =>
        await work.ExecuteScalarAsync<int?>("select version from employees where tenant_id = @TenantId and id = @id", new { work.TenantId, id })
            is { } currentVersion
            ? Problems.PreconditionFailed(currentVersion)
            : Problems.NotFound("employee", id);
}
