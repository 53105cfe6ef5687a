using FastEndpoints;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees.ListEmployees;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<EmployeeResponse>>
{
    public override void Configure()
    {
        Get("");
        Group<EmployeesGroup>();
        Description(route => route.WithName("ListEmployees"));
        Summary(summary => summary.Summary = "List employees, filtered by team, role, activity or external id");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var rows = request.FiltersNothing()
            ? (await db.QueryAsync(new EmployeePage { After = page.After ?? Guid.Empty, Take = page.Limit + 1 }, cancellationToken)).ToList()
            : await FilteredAsync(request, cancellationToken);
        await Send.OkAsync(new Page<EmployeeResponse>(
            rows.Take(page.Limit).Select(e => e.ToResponse()).ToList(), page.NextCursor(rows, e => e.Id)), cancellationToken);
    }

    /// <summary>A page of the employees the filters name.</summary>
    private async Task<IReadOnlyList<Employee>> FilteredAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var query = work.Documents.Query<Employee>().AsQueryable();
        if (request.ExternalSystem is { } system)
        {
            // An id names at most one employee of a system.
            var named = await ExternalIds.EmployeeNamedAsync(work, system, request.ExternalId!);
            if (named is null)
                return [];
            query = query.Where(e => e.Id == named.Value);
        }
        if (page.After is { } after)
            query = query.Where(e => e.Id > after);
        if (request.TeamId is { } teamId)
            query = query.Where(e => e.TeamId == teamId);
        if (request.Role is { } role)
            query = query.Where(e => e.Role == role);
        if (request.Active is { } active)
        {
            var status = active ? Employee.Active : Employee.Inactive;
            query = query.Where(e => e.Status == status);
        }
        return await query.OrderBy(e => e.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
    }
}
