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
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>(
            $"select {EmployeeRow.Columns} from employees where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("employee", id));
            return;
        }
        var response = await row.ToResponseAsync(work);

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
