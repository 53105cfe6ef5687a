using FastEndpoints;
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
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<EmployeeRow>($"""
            select {EmployeeRow.Columns} from employees e
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@TeamId::uuid is null or team_id = @TeamId)
              and (@Role::text is null or role = @Role)
              and (@status::text is null or status = @status)
              and (@ExternalSystem::text is null or exists (
                    select from employee_external_ids x
                    where x.tenant_id = e.tenant_id and x.employee_id = e.id and x.system = @ExternalSystem and x.external_id = @ExternalId))
            order by id
            limit @Take
            """, new
        {
            work.TenantId,
            page.After,
            request.TeamId,
            request.Role,
            status = request.Active switch { true => "active", false => "inactive", null => null },
            request.ExternalSystem,
            request.ExternalId,
            Take = page.Limit + 1,
        })).ToList();
        var items = rows.Take(page.Limit).ToList();
        var externalIds = await ExternalIds.LoadAsync(work, items.Select(r => r.Id).ToList());

        await Send.OkAsync(new Page<EmployeeResponse>(
            items.Select(r => r.ToResponse(ExternalIds.For(externalIds, r.Id))).ToList(), page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
