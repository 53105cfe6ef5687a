using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements;

/// <summary>A page of statements: the latest revision per employee and period, or every revision with
/// <c>revisions=all</c>.</summary>
public static class StatementLists
{
    // employeeId is the filter the caller asked for; own, when set, what the caller may see whatever it asked.
    public static async Task<Page<StatementSummary>> ReadAsync(TenantDb db, StatementListRequest request, Guid? employeeId, Guid? own,
        CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<StatementRow>($"""
            select {StatementRow.Columns} from statements s
            where tenant_id = @TenantId
              and (@After::uuid is null or id > @After)
              and (@period::text is null or period = @period)
              and (@employeeId::uuid is null or employee_id = @employeeId)
              and (@own::uuid is null or employee_id = @own)
              and (@status::text is null or status = @status)
              and (@all or revision = (select max(revision) from statements l
                                       where l.tenant_id = s.tenant_id and l.employee_id = s.employee_id and l.period = s.period))
            order by id
            limit @Take
            """, new
        {
            work.TenantId,
            page.After,
            period = request.Period is null ? null : Period.Parse(request.Period).ToString(),
            employeeId,
            own,
            status = request.Status,
            all = request.Revisions == "all",
            Take = page.Limit + 1,
        })).ToList();
        return new Page<StatementSummary>(rows.Take(page.Limit).Select(r => r.Adapt<StatementSummary>()).ToList(), page.NextCursor(rows, r => r.Id));
    }
}
