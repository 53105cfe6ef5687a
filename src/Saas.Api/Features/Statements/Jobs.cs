using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements;

public sealed record JobResponse(Guid Id, string Period, string Status, decimal Progress, int Total, int Done, int Changed, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string Result);

public sealed record JobRow(Guid Id, string Period, string Status, int Total, int Done, int Changed, string? Error, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public const string Columns = "id, period, status, total, done, changed, error, created_at, started_at, finished_at";

    public JobResponse ToResponse() => new(Id, Period, Status,
        Status == "succeeded" ? 1m : Total == 0 ? 0m : Math.Round((decimal)Done / Total, 4), Total, Done, Changed, Error,
        CreatedAt, StartedAt, FinishedAt, $"/api/v1/statements?period={Period}");
}

/// <summary><c>POST /periods/{period}/calculations</c>: queues the period's calculation and answers 202 with the job.
/// While a calculation of the period is queued or running, a second request answers the same job.</summary>
public static class StartCalculation
{
    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> Handle(
        string period, TenantDb db, HttpContext http, CalculationWorker worker, CancellationToken cancellationToken)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        await using var work = await db.BeginAsync(cancellationToken);
        if (await work.ExecuteScalarAsync<string>("select status from pay_periods where tenant_id = @TenantId and period = @period",
                new { work.TenantId, period = parsed.ToString() }) == "locked")
            return Problems.Conflict($"{parsed} is locked as paid; its statements no longer change.");
        var row = await work.QuerySingleOrDefaultAsync<JobRow>($"""
            insert into calculation_jobs (tenant_id, id, period, requested_by) values (@TenantId, @id, @period, @requestedBy)
            on conflict (tenant_id, period) where status in ('queued', 'running') do nothing
            returning {JobRow.Columns}
            """, new { work.TenantId, id = Guid.CreateVersion7(), period = parsed.ToString(), requestedBy = http.User.Identity?.Name })
            ?? await work.QuerySingleAsync<JobRow>($"""
                select {JobRow.Columns} from calculation_jobs
                where tenant_id = @TenantId and period = @period and status in ('queued', 'running')
                """, new { work.TenantId, period = parsed.ToString() });
        await work.CommitAsync();
        worker.Wake();
        return TypedResults.Accepted($"/api/v1/jobs/{row.Id}", row.ToResponse());
    }
}

public static class GetJob
{
    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<JobRow>($"select {JobRow.Columns} from calculation_jobs where tenant_id = @TenantId and id = @id",
            new { work.TenantId, id });
        return row is null ? Problems.NotFound("job", id) : TypedResults.Ok(row.ToResponse());
    }
}
