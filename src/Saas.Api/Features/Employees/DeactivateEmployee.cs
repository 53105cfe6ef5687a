using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

/// <summary>Employees are never deleted: <c>DELETE</c> marks them inactive with a last day of employment (the
/// tenant's today unless given), so that their statements and events stay readable and proration knows when they left.</summary>
public static class DeactivateEmployee
{
    public static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken, DateOnly? endDate = null)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        if (endDate is { } given && (given < EmployeeFields.EarliestDate || given > EmployeeFields.LatestDate))
            return Problems.Validation("endDate", "'endDate' must be a date between 1900 and 2999.", "InclusiveBetween");

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
            update employees e set
                status = 'inactive',
                end_date = coalesce(@endDate, e.end_date, (now() at time zone t.time_zone)::date),
                version = e.version + 1, updated_at = now()
            from tenants t
            where t.id = e.tenant_id and e.tenant_id = @TenantId and e.id = @id
              and (@expectedVersion::int is null or e.version = @expectedVersion)
              and (@endDate::date is null or e.start_date is null or @endDate >= e.start_date)
            returning {Prefixed("e.", EmployeeRow.Columns)}
            """, new { work.TenantId, id, expectedVersion, endDate });
        if (row is null)
        {
            var startDate = await work.ExecuteScalarAsync<DateOnly?>(
                "select start_date from employees where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
            if (endDate is { } end && startDate is { } start && end < start)
                return Problems.Validation("endDate", "'endDate' must not be before the employee's 'startDate'.", "GreaterThanOrEqual");
            return await EmployeeVersion.ProblemAsync(work, id);
        }
        var externalIds = await ExternalIds.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(ExternalIds.For(externalIds, row.Id)));
    }

    internal static string Prefixed(string prefix, string columns) =>
        string.Join(", ", columns.Split(", ").Select(column => prefix + column));
}

public static class ReactivateEmployee
{
    public static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> Handle(
        Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
            update employees set status = 'active', end_date = null, version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
            returning {EmployeeRow.Columns}
            """, new { work.TenantId, id, expectedVersion });
        if (row is null)
            return await EmployeeVersion.ProblemAsync(work, id);
        var externalIds = await ExternalIds.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(ExternalIds.For(externalIds, row.Id)));
    }
}
