using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

/// <summary>The ids an employee has in outside systems (CRMs), one per system, stored in <c>employee_external_ids</c>.</summary>
public static class ExternalIds
{
    private sealed record Row(Guid EmployeeId, string System, string ExternalId);

    private static readonly IReadOnlyDictionary<string, string> None = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The external ids of the given employees, each map sorted by system so that responses are stable.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyDictionary<string, string>>> LoadAsync(UnitOfWork work, IReadOnlyCollection<Guid> employeeIds)
    {
        // An empty page asks for nobody's: no query.
        if (employeeIds.Count == 0)
            return [];
        var rows = await work.QueryAsync<Row>("""
            select employee_id, system, external_id from employee_external_ids
            where tenant_id = @TenantId and employee_id = any(@employeeIds)
            """, new { work.TenantId, employeeIds = employeeIds.ToArray() });
        return rows.GroupBy(r => r.EmployeeId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, string>)new SortedDictionary<string, string>(
                g.ToDictionary(r => r.System, r => r.ExternalId, StringComparer.Ordinal), StringComparer.Ordinal));
    }

    /// <summary>The external ids of one employee, sorted by system.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(UnitOfWork work, Guid employeeId) =>
        For(await LoadAsync(work, [employeeId]), employeeId);

    /// <summary>Ids as a request gives them, trimmed and sorted by system as answers list them.</summary>
    public static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string?> ids) =>
        new SortedDictionary<string, string>(ids.ToDictionary(p => p.Key, p => p.Value!.Trim(), StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The employee a system knows by <paramref name="externalId"/>, if any.</summary>
    public static Task<Guid?> EmployeeNamedAsync(UnitOfWork work, string system, string externalId) =>
        work.ExecuteScalarAsync<Guid?>("""
            select employee_id from employee_external_ids where tenant_id = @TenantId and system = @system and external_id = @externalId
            """, new { work.TenantId, system, externalId });

    public static IReadOnlyDictionary<string, string> For(Dictionary<Guid, IReadOnlyDictionary<string, string>> loaded, Guid employeeId) =>
        loaded.TryGetValue(employeeId, out var ids) ? ids : None;

    /// <summary>Replaces the employee's external ids with <paramref name="ids"/>; answers the ids that already name
    /// another employee instead (then nothing is written). The primary key still guards against a concurrent writer.</summary>
    public static async Task<IReadOnlyList<string>> ReplaceAsync(UnitOfWork work, Guid employeeId, IReadOnlyDictionary<string, string?> ids)
    {
        if (ids.Count == 0)
        {
            await work.ExecuteAsync("delete from employee_external_ids where tenant_id = @TenantId and employee_id = @employeeId",
                new { work.TenantId, employeeId });
            return [];
        }
        var systems = ids.Keys.ToArray();
        var externalIds = ids.Values.Select(id => id!.Trim()).ToArray();
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
