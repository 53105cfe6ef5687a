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
        await Employee.LockAsync(work, id);
        var employee = await work.Documents.LoadAsync<Employee>(id, cancellationToken);
        if (employee is null)
        {
            await Send.ResultAsync(Problems.NotFound("employee", id));
            return;
        }
        if (IfMatchVersion.Stale(HttpContext, employee.Version) is { } stale)
        {
            await Send.ResultAsync(stale);
            return;
        }

        employee.Status = Employee.Active;
        employee.EndDate = null;
        employee.UpdatedAt = time.GetUtcNow();
        work.Documents.UpdateRevision(employee, employee.Version + 1);
        var externalIds = await ExternalIds.LoadAsync(work, employee.Id);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.OkAsync(employee.ToResponse(externalIds), cancellationToken);
    }
}
