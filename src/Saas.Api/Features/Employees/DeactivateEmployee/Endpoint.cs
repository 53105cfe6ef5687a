using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.DeactivateEmployee;

/// <summary>Employees are never deleted: <c>DELETE</c> marks them inactive with a last day of employment (the
/// tenant's today unless given), so that their statements and events stay readable and proration knows when they left.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, EmployeeResponse>
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<EmployeesGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("DeactivateEmployee").ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Deactivate an employee, keeping their history");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
            update employees e set
                status = 'inactive',
                end_date = coalesce(@EndDate, e.end_date, (now() at time zone t.time_zone)::date),
                version = e.version + 1, updated_at = now()
            from tenants t
            where t.id = e.tenant_id and e.tenant_id = @TenantId and e.id = @Id
              and (@expectedVersion::int is null or e.version = @expectedVersion)
              and (@EndDate::date is null or e.start_date is null or @EndDate >= e.start_date)
            returning {EmployeeRow.ColumnsOf("e.")}
            """, new { work.TenantId, request.Id, expectedVersion, request.EndDate });
        if (row is null)
        {
            var startDate = await work.ExecuteScalarAsync<DateOnly?>(
                "select start_date from employees where tenant_id = @TenantId and id = @Id", new { work.TenantId, request.Id });
            await Send.ResultAsync(request.EndDate is { } end && startDate is { } start && end < start
                ? Problems.Validation("endDate", "'endDate' must not be before the employee's 'startDate'.", "GreaterThanOrEqual")
                : await EmployeeVersion.ProblemAsync(work, request.Id));
            return;
        }
        var response = await row.ToResponseAsync(work);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
