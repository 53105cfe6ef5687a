using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.GetEmployee;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<EmployeeResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<EmployeesGroup>();
        Description(route => route.WithName("GetEmployee"));
        Summary(summary => summary.Summary = "Get an employee");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var employee = await db.LoadAsync<Employee>(id, cancellationToken);
        if (employee is null)
        {
            await Send.ResultAsync(Problems.NotFound("employee", id));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.OkAsync(employee.ToResponse(), cancellationToken);
    }
}
