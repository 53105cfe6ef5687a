using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

public static class EmployeeVersion
{
    /// <summary>Why a conditional write matched no row: the employee changed since it was read, or it does not exist here.</summary>
    public static async Task<ProblemHttpResult> ProblemAsync(UnitOfWork work, Guid id) =>
        await work.ExecuteScalarAsync<int?>("select version from employees where tenant_id = @TenantId and id = @id", new { work.TenantId, id })
            is { } currentVersion
            ? Problems.PreconditionFailed(currentVersion)
            : Problems.NotFound("employee", id);
}
