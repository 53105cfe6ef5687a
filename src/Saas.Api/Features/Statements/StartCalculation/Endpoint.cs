using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.StartCalculation;

/// <summary>Queues the period's calculation and answers 202 with the job. While a calculation of the period is queued or
/// running, a second request answers the same job.</summary>
public sealed class Endpoint(TenantDb db, CalculationWorker worker) : Endpoint<PeriodRequest, JobResponse>
{
    public override void Configure()
    {
        Post("{period}/calculations");
        Group<PeriodsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("StartCalculation").Produces<JobResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Start calculating the period's statements (a job)");
    }

    public override async Task HandleAsync(PeriodRequest request, CancellationToken cancellationToken)
    {
        var period = request.ToPeriod().ToString();
        await using var work = await db.BeginAsync(cancellationToken);
        if (await PayPeriods.IsLockedAsync(work, period))
        {
            await Send.ResultAsync(Problems.Conflict($"{period} is locked as paid; its statements no longer change."));
            return;
        }
        // The period's active job, new or already there. The active one can finish between the insert that met it and the
        // read of it; the next insert then finds the period free.
        JobRow? row = null;
        for (var attempt = 0; row is null && attempt < 3; attempt++)
            row = await work.QuerySingleOrDefaultAsync<JobRow>($"""
                insert into calculation_jobs (tenant_id, id, period, requested_by) values (@TenantId, @id, @period, @requestedBy)
                on conflict (tenant_id, period) where status in ('queued', 'running') do nothing
                returning {JobRow.Columns}
                """, new { work.TenantId, id = Guid.CreateVersion7(), period, requestedBy = User.Identity?.Name })
                ?? await work.QuerySingleOrDefaultAsync<JobRow>($"""
                    select {JobRow.Columns} from calculation_jobs
                    where tenant_id = @TenantId and period = @period and status in ('queued', 'running')
                    """, new { work.TenantId, period });
        if (row is null)
        {
            await Send.ResultAsync(Problems.Of(ProblemTypes.ServiceUnavailable, "Calculations of this period keep starting and ending; retry."));
            return;
        }
        await work.CommitAsync();
        worker.Wake();
        await Send.ResultAsync(TypedResults.Accepted($"/api/v1/jobs/{row.Id}", row.ToResponse()));
    }
}
