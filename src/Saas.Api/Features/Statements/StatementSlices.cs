using System.Globalization;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements;

/// <summary><c>GET /statements</c>: the latest revision per employee and period (all revisions with
/// <c>revisions=all</c>); an employee sees only their own.</summary>
public static class ListStatements
{
    public static Task<Results<Ok<Page<StatementSummary>>, ProblemHttpResult>> Handle(TenantDb db, HttpContext http, CancellationToken cancellationToken,
        string? period = null, Guid? employeeId = null, string? status = null, string? revisions = null, int? limit = null, string? cursor = null) =>
        List(db, http, mine: false, period, employeeId, status, revisions, limit, cursor, cancellationToken);

    /// <summary><c>GET /me/statements</c>: the signed-in user's own statements, whatever their role.</summary>
    public static Task<Results<Ok<Page<StatementSummary>>, ProblemHttpResult>> Mine(TenantDb db, HttpContext http, CancellationToken cancellationToken,
        string? period = null, string? status = null, string? revisions = null, int? limit = null, string? cursor = null) =>
        List(db, http, mine: true, period, null, status, revisions, limit, cursor, cancellationToken);

    private static async Task<Results<Ok<Page<StatementSummary>>, ProblemHttpResult>> List(TenantDb db, HttpContext http, bool mine, string? period,
        Guid? employeeId, string? status, string? revisions, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        if (period is not null && PeriodParameter.Read(period, out _) is { } badPeriod)
            return badPeriod;
        if (status is not null && status is not ("draft" or "approved" or "superseded"))
            return Problems.Validation("status", "'status' must be draft, approved or superseded.", "Must");
        if (revisions is not null && revisions is not ("latest" or "all"))
            return Problems.Validation("revisions", "'revisions' must be latest or all.", "Must");
        var own = mine ? Statements.Own(http) : Statements.OnlyEmployee(http);

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
            period = period is null ? null : Period.Parse(period).ToString(),
            employeeId,
            own,
            status,
            all = revisions == "all",
            Take = page.Limit + 1,
        })).ToList();
        return TypedResults.Ok(new Page<StatementSummary>(rows.Take(page.Limit).Select(r => r.ToSummary()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}

public static class GetStatement
{
    public static async Task<Results<Ok<StatementResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var own = Statements.OnlyEmployee(http);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<StatementRow>(
            $"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @id and (@own::uuid is null or employee_id = @own)",
            new { work.TenantId, id, own });
        return row is null ? Problems.NotFound("statement", id) : TypedResults.Ok(await Statements.ReadAsync(work, row));
    }
}

/// <summary>An admin approves the latest revision of a statement; approved statements are frozen (a later change
/// makes a new revision) and count in the payroll export.</summary>
public static class ApproveStatement
{
    /// <summary>What <c>statement.approved</c> carries.</summary>
    public sealed record StatementApproved(Guid StatementId, Guid EmployeeId, string Period, int Revision, decimal Total, string Currency,
        DateTimeOffset ApprovedAt, string? ApprovedBy);

    public static async Task<Results<Ok<StatementResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<StatementRow>(
            $"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @id for update", new { work.TenantId, id });
        if (row is null)
            return Problems.NotFound("statement", id);
        if (row.Status != "draft")
            return Problems.Conflict($"The statement is {row.Status}; only the latest draft revision can be approved.");
        if (await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @Period",
                new { work.TenantId, row.Period }) == "locked")
            return Problems.Conflict($"{row.Period} is locked as paid.");
        var approved = await work.QuerySingleAsync<StatementRow>($"""
            update statements set status = 'approved', approved_at = now(), approved_by = @actor
            where tenant_id = @TenantId and id = @id returning {StatementRow.Columns}
            """, new { work.TenantId, id, actor = http.User.Identity?.Name });
        await work.ExecuteAsync("insert into statement_audit (tenant_id, statement_id, action, actor) values (@TenantId, @id, 'approved', @actor)",
            new { work.TenantId, id, actor = http.User.Identity?.Name });
        var response = await Statements.ReadAsync(work, approved);
        await Outbox.EnqueueAsync(work, WebhookEvents.StatementApproved, new StatementApproved(approved.Id, approved.EmployeeId, approved.Period,
            approved.Revision, approved.Total, approved.Currency.Trim(), approved.ApprovedAt ?? DateTimeOffset.UtcNow, approved.ApprovedBy));
        await work.CommitAsync();
        return TypedResults.Ok(response);
    }
}

/// <summary>An adjustment with amount and reason: kept for the employee and period, and the statement is recomputed at
/// once with it (a new revision, awaiting approval when the statement was approved).</summary>
public static class AddAdjustment
{
    public sealed record Request(decimal? Amount, string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Amount).NotNull().NotEqual(0m).InclusiveBetween(-1_000_000_000m, 1_000_000_000m);
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
        }
    }

    public static async Task<Results<Created<StatementResponse>, ProblemHttpResult>> Handle(Guid id, Request request, TenantDb db, HttpContext http,
        StatementCalculation calculation, CancellationToken cancellationToken)
    {
        StatementRow? row;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            row = await work.QuerySingleOrDefaultAsync<StatementRow>(
                $"select {StatementRow.Columns} from statements where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
            if (row is null)
                return Problems.NotFound("statement", id);
            if (row.Status == "superseded")
                return Problems.Conflict("This revision was superseded; adjust the latest revision of the statement.");
            if (await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @Period",
                    new { work.TenantId, row.Period }) == "locked")
                return Problems.Conflict($"{row.Period} is locked as paid; add the adjustment to an open period.");
            await work.ExecuteAsync("""
                insert into statement_adjustments (tenant_id, id, employee_id, period, amount, reason, author)
                values (@TenantId, @adjustment, @EmployeeId, @Period, @Amount, @Reason, @author)
                """, new
            {
                work.TenantId,
                adjustment = Guid.CreateVersion7(),
                row.EmployeeId,
                row.Period,
                request.Amount,
                Reason = request.Reason!.Trim(),
                author = http.User.Identity?.Name
            });
            await work.CommitAsync();
        }

        await calculation.CalculateAsync(db.TenantId, Period.Parse(row.Period), null, row.EmployeeId, cancellationToken);
        await using var read = await db.BeginAsync(cancellationToken);
        var latest = await read.QuerySingleAsync<StatementRow>($"""
            select {StatementRow.Columns} from statements where tenant_id = @TenantId and employee_id = @EmployeeId and period = @Period
            order by revision desc limit 1
            """, new { read.TenantId, row.EmployeeId, row.Period });
        if (latest.Id == row.Id)
            return Problems.Conflict("The adjustment is kept, but no plan covers the employee in this period any more, so no statement carries it.");
        await read.ExecuteAsync("insert into statement_audit (tenant_id, statement_id, action, actor, details) values (@TenantId, @Id, 'adjusted', @actor, @details::jsonb)",
            new { read.TenantId, latest.Id, actor = http.User.Identity?.Name, details = System.Text.Json.JsonSerializer.Serialize(new { request.Amount, request.Reason }) });
        var response = await Statements.ReadAsync(read, latest);
        await read.CommitAsync();
        return TypedResults.Created($"/api/v1/statements/{latest.Id}", response);
    }
}

/// <summary><c>GET /periods/{period}/payroll</c>: CSV of the approved totals per employee (the latest approved revision),
/// each in its currency, with the employees' external ids, for the payroll system.</summary>
public static class ExportPayroll
{
    private sealed record PayrollRow(Guid EmployeeId, string FullName, string? Email, string Currency, decimal Total, int Revision, DateTimeOffset? ApprovedAt,
        string? ExternalIds);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Handle(string period, TenantDb db, CancellationToken cancellationToken)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = await work.QueryAsync<PayrollRow>("""
            select distinct on (s.employee_id) s.employee_id, e.full_name, e.email, s.currency, s.total, s.revision, s.approved_at,
                   (select string_agg(x.system || ':' || x.external_id, ';' order by x.system) from employee_external_ids x
                    where x.tenant_id = s.tenant_id and x.employee_id = s.employee_id) as external_ids
            from statements s join employees e on e.tenant_id = s.tenant_id and e.id = s.employee_id
            where s.tenant_id = @TenantId and s.period = @period and s.status = 'approved'
            order by s.employee_id, s.revision desc
            """, new { work.TenantId, period = parsed.ToString() });

        var csv = new StringBuilder("employee_id,full_name,email,external_ids,period,currency,total,revision,approved_at\n");
        // Each total in its plan's currency (the tenant's, normally): the product holds no exchange rates.
        foreach (var row in rows.OrderBy(r => r.FullName, StringComparer.Ordinal))
            csv.Append(string.Join(',', row.EmployeeId, Quote(row.FullName), Quote(row.Email ?? ""), Quote(row.ExternalIds ?? ""), parsed,
                row.Currency.Trim(), row.Total.ToString("0.00##", CultureInfo.InvariantCulture), row.Revision,
                row.ApprovedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "")).Append('\n');
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"payroll-{parsed}.csv");
    }

    // Quotes every text cell, and defuses spreadsheet formulas (a name starting with '=' must not run in Excel).
    private static string Quote(string value) =>
        "\"" + (value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value).Replace("\"", "\"\"") + "\"";
}

/// <summary><c>POST /periods/{period}/lock</c>: the period is paid; its statements never change again.</summary>
public static class LockPeriod
{
    public sealed record Response(string Period, string Status);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string period, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        await using var work = await db.BeginAsync(cancellationToken);
        if (await work.ExecuteScalarAsync<int>("select count(*)::int from calculation_jobs where tenant_id = @TenantId and period = @period and status in ('queued', 'running')",
                new { work.TenantId, period = parsed.ToString() }) > 0)
            return Problems.Conflict($"A calculation of {parsed} is running; lock the period when it has finished.");
        await work.ExecuteAsync("""
            insert into pay_periods (tenant_id, period, status, locked_at, locked_by) values (@TenantId, @period, 'locked', now(), @actor)
            on conflict (tenant_id, period) do update set status = 'locked', locked_at = now(), locked_by = @actor
            """, new { work.TenantId, period = parsed.ToString(), actor = http.User.Identity?.Name });
        await work.CommitAsync();
        return TypedResults.Ok(new Response(parsed.ToString(), "locked"));
    }
}
