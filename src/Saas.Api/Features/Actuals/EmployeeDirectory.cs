using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Actuals;

/// <summary>The employees a chunk names, by id and by (source system, external id), loaded in two queries.</summary>
internal sealed class EmployeeDirectory
{
    private readonly HashSet<Guid> _ids;
    private readonly Dictionary<(string System, string ExternalId), Guid> _external;

    private EmployeeDirectory(HashSet<Guid> ids, Dictionary<(string, string), Guid> external) => (_ids, _external) = (ids, external);

    private sealed record ExternalRow(string System, string ExternalId, Guid EmployeeId);

    public static async Task<EmployeeDirectory> LoadAsync(UnitOfWork work, IReadOnlyList<EventInput> events)
    {
        var credits = events.SelectMany(e => (e.Splits ?? []).Concat(e.Overlays ?? []).Select(c => (e.Source!, c.EmployeeId, c.EmployeeExternalId)))
            .Concat(events.Select(e => (e.Source!, e.EmployeeId, e.EmployeeExternalId))).ToList();
        var ids = credits.Where(c => c.EmployeeId is not null).Select(c => c.EmployeeId!.Value).Distinct().ToArray();
        var external = credits.Where(c => c.EmployeeExternalId is not null).Select(c => (System: c.Item1, ExternalId: c.EmployeeExternalId!)).Distinct().ToList();

        var known = await Employee.ExistingAsync(work, ids);
        var mapped = external.Count == 0 ? [] : (await work.QueryAsync<ExternalRow>("""
            select x.system, x.external_id, x.employee_id from employee_external_ids x
            join unnest(@systems, @externalIds) as wanted (system, external_id) using (system, external_id)
            where x.tenant_id = @TenantId
            """, new { work.TenantId, systems = external.Select(e => e.System).ToArray(), externalIds = external.Select(e => e.ExternalId).ToArray() }))
            .ToDictionary(r => (r.System, r.ExternalId), r => r.EmployeeId);
        return new EmployeeDirectory(known, mapped);
    }

    /// <summary>The employee's id, or null with an error added when the event names someone this tenant does not have.</summary>
    public Guid? Resolve(string source, Guid? employeeId, string? externalId, string field, Dictionary<string, string[]> errors)
    {
        if (employeeId is { } id)
        {
            if (_ids.Contains(id))
                return id;
            errors[field] = [$"No employee with id '{id}' exists."];
            return null;
        }
        if (externalId is null)
            return null;
        if (_external.TryGetValue((source, externalId), out var mapped))
            return mapped;
        errors[field == "employeeId" ? "employeeExternalId" : field] =
            [$"No employee has the external id '{externalId}' in '{source}'; add it to the employee's externalIds."];
        return null;
    }
}
