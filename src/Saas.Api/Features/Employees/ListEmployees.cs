using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

public static class ListEmployees
{
    // active: true lists current employees, false former ones, absent both.
    // externalSystem + externalId: the employee a CRM knows by that id, so an integration can look one up.
    public static async Task<Results<Ok<Page<EmployeeResponse>>, ProblemHttpResult>> Handle(
        TenantDb db, CancellationToken cancellationToken, int? limit = null, string? cursor = null, Guid? teamId = null, string? role = null,
        bool? active = null, string? externalSystem = null, string? externalId = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        if (role is not null && !Roles.TryParse(role, out _))
            return Problems.Validation("role", "'role' must be one of " + string.Join(", ", Enum.GetValues<Role>().Select(r => r.WireName())) + ".", "Must");
        if ((externalSystem is null) != (externalId is null))
            return Problems.Validation(externalSystem is null ? "externalSystem" : "externalId",
                "'externalSystem' and 'externalId' filter together: give both or neither.", "Together");

        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<EmployeeRow>($"""
            select {EmployeeRow.Columns} from employees e
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@teamId::uuid is null or team_id = @teamId)
              and (@role::text is null or role = @role)
              and (@status::text is null or status = @status)
              and (@externalSystem::text is null or exists (
                    select from employee_external_ids x
                    where x.tenant_id = e.tenant_id and x.employee_id = e.id and x.system = @externalSystem and x.external_id = @externalId))
            order by id
            limit @Take
            """, new
        {
            work.TenantId,
            page.After,
            teamId,
            role,
            status = active switch { true => "active", false => "inactive", null => null },
            externalSystem,
            externalId,
            Take = page.Limit + 1,
        })).ToList();
        var items = rows.Take(page.Limit).ToList();
        var externalIds = await ExternalIds.LoadAsync(work, items.Select(r => r.Id).ToList());

        return TypedResults.Ok(new Page<EmployeeResponse>(
            items.Select(r => r.ToResponse(ExternalIds.For(externalIds, r.Id))).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}
