using Mapster;
using Marten;
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
        var rows = request.NamesOnlyAPeriod() && employeeId is null && own is null
            ? (await db.QueryAsync(new PeriodPage
            {
                After = page.After ?? Guid.Empty,
                Period = Period.Parse(request.Period!).ToString(),
                Take = page.Limit + 1,
            }, cancellationToken)).ToList()
            : await FilteredAsync(db, request, employeeId, own, cancellationToken);
        return new Page<StatementSummary>(rows.Take(page.Limit).Select(r => r.Adapt<StatementSummary>()).ToList(), page.NextCursor(rows, r => r.Id));
    }

    private static async Task<IReadOnlyList<Statement>> FilteredAsync(TenantDb db, StatementListRequest request, Guid? employeeId,
        Guid? own, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var query = work.Documents.Query<Statement>().AsQueryable();
        if (request.Revisions != "all")
            query = query.Where(s => s.Latest);
        if (page.After is { } after)
            query = query.Where(s => s.Id > after);
        if (request.Period is not null)
        {
            var period = Period.Parse(request.Period).ToString();
            query = query.Where(s => s.Period == period);
        }
        if (employeeId is { } employee)
            query = query.Where(s => s.EmployeeId == employee);
        if (own is { } ownEmployee)
            query = query.Where(s => s.EmployeeId == ownEmployee);
        if (request.Status is { } status)
            query = query.Where(s => s.Status == status);
        return await query.OrderBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
    }
}
