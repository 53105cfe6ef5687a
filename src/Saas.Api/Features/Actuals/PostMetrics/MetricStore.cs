using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Api.Features.Actuals.PostMetrics;

/// <summary>Metric values checked and upserted, from a JSON batch or a CSV file's chunk. A value for an employee, metric
/// and period replaces the one posted before.</summary>
public static class MetricStore
{
    public const decimal MaxValue = 1_000_000_000_000_000m;

    /// <summary>Checks a chunk of values, adds the invalid ones to <paramref name="rejected"/> and upserts the rest.</summary>
    public static async Task<int> StoreAsync(UnitOfWork work, IReadOnlyList<(int Index, MetricInput Value)> chunk, List<RejectedItem> rejected)
    {
        var ids = chunk.Where(i => i.Value.EmployeeId is not null).Select(i => i.Value.EmployeeId!.Value).Distinct().ToArray();
        var known = await Employee.ExistingAsync(work, ids);
        var valid = new List<(Guid Employee, string Metric, string Period, decimal Value)>();
        foreach (var (index, value) in chunk)
        {
            var errors = Check(value, known);
            if (errors.Count > 0)
                rejected.Add(new RejectedItem(index, errors));
            else
                valid.Add((value.EmployeeId!.Value, value.Metric!, Period.Parse(value.Period!).ToString(), value.Value!.Value));
        }
        var rows = valid.GroupBy(v => (v.Employee, v.Metric, v.Period)).Select(g => g.Last()).ToList();
        return rows.Count == 0 ? 0 : await work.ExecuteAsync("""
            insert into metric_values (tenant_id, employee_id, metric, period, value)
            select @TenantId, employee_id, metric, period, value
            from unnest(@employees, @metrics, @periods, @values::numeric[]) as m (employee_id, metric, period, value)
            on conflict (tenant_id, employee_id, metric, period) do update set value = excluded.value, updated_at = now()
            """, new
        {
            work.TenantId,
            employees = rows.Select(r => r.Employee).ToArray(),
            metrics = rows.Select(r => r.Metric).ToArray(),
            periods = rows.Select(r => r.Period).ToArray(),
            values = rows.Select(r => r.Value).ToArray(),
        });
    }

    private static Dictionary<string, string[]> Check(MetricInput value, HashSet<Guid> knownEmployees)
    {
        var errors = new Dictionary<string, string[]>();
        if (value.EmployeeId is not { } employee)
            errors["employeeId"] = ["'employeeId' is required."];
        else if (!knownEmployees.Contains(employee))
            errors["employeeId"] = [$"No employee with id '{employee}' exists."];
        MetricDefinition? definition = null;
        if (!MetricCatalogue.TryGet(value.Metric, out definition))
            errors["metric"] = ["'metric' must be a key of the metric catalogue (GET /api/v1/metrics)."];
        if (!Period.TryParse(value.Period, out _))
            errors["period"] = [PeriodParameter.Message];
        if (value.Value is not { } number)
            errors["value"] = ["'value' is required."];
        else if (definition?.MaxValue is { } max && (number < 0 || number > max))
            errors["value"] = [$"'{definition.Key}' is a fraction from 0 to {max} (22 % is 0.22)."];
        else if (Math.Abs(number) >= MaxValue || number.Scale > 8)
            errors["value"] = ["'value' must be below 10^15 with at most 8 decimals."];
        else if (number < 0 && definition?.Key != MetricKeys.Romi)
            errors["value"] = [$"'{definition?.Key}' cannot be negative."];
        return errors;
    }
}
