using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.CreateEmployee;

/// <summary>Without a <c>currency</c>, the employee is paid in the tenant's; without a <c>department</c>, the role's.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : Endpoint<EmployeeFields, EmployeeResponse>
{
    public override void Configure()
    {
        Post("");
        Group<EmployeesGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("CreateEmployee")
            .Produces<EmployeeResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Create an employee");
    }

    public override async Task HandleAsync(EmployeeFields request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var currency = request.Currency ?? await TenantCurrency.OfAsync(work);
        if ((request.CheckAmount(currency) ?? await request.CheckTeamAsync(work)) is { } invalid)
        {
            await Send.ResultAsync(invalid);
            return;
        }

        var now = time.GetUtcNow();
        var employee = new Employee { Id = Guid.CreateVersion7(), CreatedAt = now };
        request.WriteTo(employee, currency, now);
        work.Documents.Insert(employee);
        if (await request.SaveAsync(work, employee) is { } conflict)
        {
            await Send.ResultAsync(conflict);
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(employee.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/employees/{employee.Id}", employee.ToResponse()));
    }
}
