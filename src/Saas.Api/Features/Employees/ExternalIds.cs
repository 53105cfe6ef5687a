using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

/// <summary>The ids employees have in outside systems (CRMs), one per system, as rows of <c>employee_external_ids</c>: its
/// primary key lets an id name one employee per system across all of a tenant's employees, and integrations look employees
/// up by it. Each employee's document holds a copy of its own (<see cref="Employee.ExternalIds"/>), which answers read.</summary>
public static class ExternalIds
{
    /// <summary>The employee a system knows by <paramref name="externalId"/>, if any.</summary>
    public static Task<Guid?> EmployeeNamedAsync(UnitOfWork work, string system, string externalId) =>
        work.ExecuteScalarAsync<Guid?>("""
            select employee_id from employee_external_ids where tenant_id = @TenantId and system = @system and external_id = @externalId
            """, new { work.TenantId, system, externalId });

    /// <summary>Replaces the employee's external ids with <paramref name="ids"/> (the document's copy); answers
    /// the ids that already name another employee instead (then nothing is written). The primary key still guards against a
    /// concurrent writer.</summary>
    public static async Task<IReadOnlyList<string>> ReplaceAsync(UnitOfWork work, Guid employeeId, IReadOnlyDictionary<string, string> ids)
    {
        if (ids.Count == 0)
        {
            await work.ExecuteAsync("delete from employee_external_ids where tenant_id = @TenantId and employee_id = @employeeId",
                new { work.TenantId, employeeId });
            return [];
        }
        var systems = ids.Keys.ToArray();
        var externalIds = ids.Values.ToArray();
        var taken = (await work.QueryAsync<string>("""
            select x.system || ': ' || x.external_id from employee_external_ids x
            join unnest(@systems, @externalIds) as wanted (system, external_id) using (system, external_id)
            where x.tenant_id = @TenantId and x.employee_id <> @employeeId
            order by 1
            """, new { work.TenantId, employeeId, systems, externalIds })).ToList();
        if (taken.Count > 0)
            return taken;

        await work.ExecuteAsync("delete from employee_external_ids where tenant_id = @TenantId and employee_id = @employeeId",
            new { work.TenantId, employeeId });
        await work.ExecuteAsync("""
            insert into employee_external_ids (tenant_id, employee_id, system, external_id)
            select @TenantId, @employeeId, system, external_id from unnest(@systems, @externalIds) as wanted (system, external_id)
            """, new { work.TenantId, employeeId, systems, externalIds });
        return [];
    }

    /// <summary>Whether a write failed because a concurrent one gave an id to another employee first.</summary>
    public static bool IsTaken(Exception e) => UniqueKey.IsViolated(e, "employee_external_ids_pkey");

    public static ProblemHttpResult Taken(IReadOnlyList<string> taken) =>
        Problems.Conflict("These external ids already name another employee: " + string.Join(", ", taken) + ".");
}
