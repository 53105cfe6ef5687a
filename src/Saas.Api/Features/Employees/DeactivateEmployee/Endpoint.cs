using FastEndpoints;
using Saas.Api.Features.Assistant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.DeactivateEmployee;

/// <summary>Employees are never deleted: <c>DELETE</c> marks them inactive with a last day of employment (the
/// tenant's today unless given), so that their statements and events stay readable and proration knows when they left.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : Endpoint<Request, EmployeeResponse>
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
        await using var work = await db.BeginAsync(cancellationToken);
        var (employee, refusal) = await Employee.LoadForChangeAsync(work, HttpContext, request.Id, cancellationToken);
        if (employee is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        var endDate = request.EndDate ?? employee.EndDate ?? await TenantToday.OfAsync(work);
        if (employee.StartDate is { } start && endDate < start)
        {
            await Send.ResultAsync(Problems.Validation("endDate", request.EndDate is null
                ? $"The employee starts on {start:yyyy-MM-dd}, after the last day of employment this would set ({endDate:yyyy-MM-dd}); give an 'endDate' on or after it."
                : "'endDate' must not be before the employee's 'startDate'.", "GreaterThanOrEqual"));
            return;
        }

        var response = await employee.SetEmploymentAsync(work, Employee.Inactive, endDate, time.GetUtcNow());
        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
