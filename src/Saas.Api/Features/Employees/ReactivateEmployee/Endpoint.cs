using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.ReactivateEmployee;

/// <summary>A former employee is current again, with no last day of employment.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : EndpointWithoutRequest<EmployeeResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/reactivate");
        Group<EmployeesGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ReactivateEmployee").ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Reactivate an employee");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var (employee, refusal) = await Employee.LoadForChangeAsync(work, HttpContext, id, cancellationToken);
        if (employee is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }

        var response = await employee.SetEmploymentAsync(work, Employee.Active, endDate: null, time.GetUtcNow());
        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
