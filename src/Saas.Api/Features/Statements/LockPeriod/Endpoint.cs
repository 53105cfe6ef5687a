using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.LockPeriod;

/// <summary>The period is paid: its statements never change again.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<PeriodRequest, Response>
{
    public override void Configure()
    {
        Post("{period}/lock");
        Group<PeriodsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("LockPeriod").ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Lock a paid period so that its statements never change again");
    }

    public override async Task HandleAsync(PeriodRequest request, CancellationToken cancellationToken)
    {
        var period = request.ToPeriod().ToString();
        await using var work = await db.BeginAsync(cancellationToken);
        if (await work.ExecuteScalarAsync<int>("select count(*)::int from calculation_jobs where tenant_id = @TenantId and period = @period and status in ('queued', 'running')",
                new { work.TenantId, period }) > 0)
        {
            await Send.ResultAsync(Problems.Conflict($"A calculation of {period} is running; lock the period when it has finished."));
            return;
        }
        await work.ExecuteAsync("""
            insert into pay_periods (tenant_id, period, status, locked_at, locked_by) values (@TenantId, @period, 'locked', now(), @actor)
            on conflict (tenant_id, period) do update set status = 'locked', locked_at = now(), locked_by = @actor
            """, new { work.TenantId, period, actor = User.Identity?.Name });
        await work.CommitAsync();
        await Send.OkAsync(new Response(period, "locked"), cancellationToken);
    }
}
