using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.ReactivateEmployee;

/// <summary>A former employee is current again, with no last day of employment.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<EmployeeResponse>
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
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<EmployeeRow>($"""
            update employees set status = 'active', end_date = null, version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
            returning {EmployeeRow.Columns}
            """, new { work.TenantId, id, expectedVersion });
        if (row is null)
        {
            await Send.ResultAsync(await EmployeeVersion.ProblemAsync(work, id));
            return;
        }
        var response = await row.ToResponseAsync(work);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(response, cancellationToken);
    }
}
