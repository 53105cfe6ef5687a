using System.Globalization;
using System.Text;
using FastEndpoints;
using Marten;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Statements.ExportPayroll;

/// <summary>CSV of the approved totals per employee (the latest approved revision), each in its currency, with the
/// employees' external ids, for the payroll system.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<PeriodRequest>
{
    public override void Configure()
    {
        Get("{period}/payroll");
        Group<PeriodsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ExportPayroll").Produces<string>(StatusCodes.Status200OK, "text/csv"));
        Summary(summary => summary.Summary = "Payroll CSV of the period's approved totals per employee");
    }

    public override async Task HandleAsync(PeriodRequest request, CancellationToken cancellationToken)
    {
        var period = request.ToPeriod();
        await using var work = await db.BeginAsync(cancellationToken);
        var periodText = period.ToString();
        var totals = (await work.Documents.Query<Statement>().Where(s => s.Period == periodText && s.Status == Statement.Approved)
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.EmployeeId).Select(g => g.MaxBy(s => s.Revision)!).ToList();
        // What is paid is the calculated revision's total, which nothing can change once written.
        var paid = (await work.Documents.LoadManyAsync<CalculatedStatement>(cancellationToken, totals.Select(t => t.Id))).ToDictionary(c => c.Id);
        var employees = (await work.Documents.LoadManyAsync<Employee>(cancellationToken, totals.Select(t => t.EmployeeId))).ToDictionary(e => e.Id);

        var csv = new StringBuilder("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at\n");
        // Each total in its plan's currency (the tenant's, normally): the product holds no exchange rates.
        foreach (var row in totals.Where(t => employees.ContainsKey(t.EmployeeId)).OrderBy(t => employees[t.EmployeeId].FullName, StringComparer.Ordinal)
                     .ThenBy(t => t.EmployeeId))
        {
            var employee = employees[row.EmployeeId];
            csv.Append(string.Join(',', row.EmployeeId, Quote(employee.FullName), Quote(employee.Email ?? ""), Quote(string.Join(';', employee.ExternalIds.Select(x => $"{x.Key}:{x.Value}"))), period,
                paid[row.Id].Currency, paid[row.Id].Total.ToString("0.00##", CultureInfo.InvariantCulture), row.Revision,
                row.ApprovedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "")).Append('\n');
        }
        await Send.ResultAsync(TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"payroll-{period}.csv"));
    }

    // Quotes every text cell, and defuses spreadsheet formulas (a name starting with '=' must not run in Excel).
    private static string Quote(string value) =>
        "\"" + (value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value).Replace("\"", "\"\"") + "\"";
}
