using Microsoft.Extensions.Options;
using Saas.Api.Features.Webhooks;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Workers;
using Saas.Engine.Common;
using Saas.Engine.Progress;

namespace Saas.Api.Features.Progress;

/// <summary>Announces <c>progress.milestone</c>: on every instance, every <see cref="ProgressOptions.MilestoneInterval"/>, each
/// active tenant with a subscriber to it has the month and the quarter running read, those a plan pays by (<see cref="RunningPeriods"/>,
/// from <see cref="ProgressSnapshots"/>, the snapshots progress requests share), and every employee's paying steps reached and targets the pace will miss (<see cref="Milestones"/>) are
/// recorded in <c>progress_milestones</c> and written to the outbox in one transaction. The table's key makes each
/// announcement once per employee, period, plan, component, kind and level; a per-tenant advisory lock keeps two instances'
/// workers from announcing for the same tenant at once.</summary>
public sealed partial class ProgressMilestones(PlatformDb platform, ProgressSnapshots snapshots, IOptions<ProgressOptions> options,
    WorkerHeartbeats heartbeats, ILogger<ProgressMilestones> logger) : BackgroundService
{
    private readonly Heartbeat _heartbeat = heartbeats.Start("progress-milestones");

    /// <summary>What <c>progress.milestone</c> carries. <see cref="Kind"/> is <c>step_reached</c> (<see cref="Level"/> paying
    /// steps of the component reached) or <c>behind_pace</c> (the projection misses the target, or a gate is at risk).</summary>
    public sealed record Announced(Guid EmployeeId, string FullName, string Period, Guid PlanId, string ComponentId, string? Label, string Kind, int Level,
        string? Metric, decimal? Actual, decimal? Target, decimal? ProjectedActual, string Text, DateTimeOffset AsOf);

    private sealed record Row(Guid EmployeeId, Guid PlanId, string ComponentId, string Kind, int Level);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RunAsync(options.Value.MilestoneInterval, snapshots.Clock, _heartbeat, AnnounceAsync, e => LogRoundFailed(logger, e), stoppingToken);

    /// <summary>One round over the active tenants; one that fails is logged and holds up no other.</summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenants;
        await using (var work = await platform.BeginAsync(cancellationToken))
            tenants = (await work.QueryAsync<Guid>("select id from tenants where status = 'active' order by id")).ToList();
        foreach (var tenant in tenants)
        {
            _heartbeat.Beat();
            try
            {
                await AnnounceAsync(tenant, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogTenantFailed(logger, tenant, e);
            }
        }
    }

    /// <summary>The tenant's new milestones of the month and quarter running (those a plan pays by), announced; answers how many.
    /// The snapshots are taken between two units of work, not inside one: a snapshot that is read takes a pooled connection of its
    /// own, and waiting for it while holding one deadlocks once the pool is taken.</summary>
    public async Task<int> AnnounceAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Period> periods;
        await using (var work = await platform.BeginForTenantAsync(tenantId, cancellationToken))
        {
            if ((await Outbox.SubscribersAsync(work, WebhookEvents.ProgressMilestone)).Length == 0)
                return 0;
            periods = await RunningPeriods.PaidAsync(work, await snapshots.TodayAsync(work), null, cancellationToken);
        }
        var read = new List<ProgressSnapshots.Snapshot>();
        foreach (var period in periods)
            read.Add(await snapshots.GetAsync(tenantId, period, cancellationToken));
        await using (var work = await platform.BeginForTenantAsync(tenantId, cancellationToken))
        {
            if (!await work.QuerySingleAsync<bool>("select pg_try_advisory_xact_lock(hashtext('progress.milestone'), hashtext(@TenantId::text))",
                    new { work.TenantId }))
                return 0;
            var announced = new List<Announced>();
            foreach (var snapshot in read)
                announced.AddRange(await AnnounceAsync(work, snapshot));
            await Outbox.EnqueueAsync(work, WebhookEvents.ProgressMilestone, announced);
            await work.CommitAsync();
            return announced.Count;
        }
    }

    /// <summary>The snapshot's milestones not announced before, recorded as announced.</summary>
    private async Task<List<Announced>> AnnounceAsync(UnitOfWork work, ProgressSnapshots.Snapshot snapshot)
    {
        var prepared = snapshot.Preparation.Prepared;
        var found = new Dictionary<(Guid Employee, Guid Plan, string Component, string Kind, int Level), Announced>();
        foreach (var employee in snapshot.Preparation.Employees)
        {
            _heartbeat.Beat();
            var progress = ProgressReport.For(snapshot, employee, priced: false);
            foreach (var plan in progress.Plans)
            {
                foreach (var milestone in Milestones.Of(employee.FullName, plan.Components, plan.Pace.Elapsed, prepared.Locale, progress.Currency))
                {
                    var component = plan.Components.Single(c => c.Id == milestone.ComponentId);
                    var kind = WireNames.ToWire(milestone.Kind.ToString());
                    found[(employee.Id, plan.PlanId, component.Id, kind, milestone.Level)] = new Announced(employee.Id, employee.FullName, progress.Period,
                        plan.PlanId, component.Id, component.Label, kind, milestone.Level, component.Metric, component.Actual, component.Target,
                        component.ProjectedActual, milestone.Text, snapshot.AsOf);
                }
            }
        }
        if (found.Count == 0)
            return [];
        var keys = found.Keys.ToList();
        var inserted = await work.QueryAsync<Row>("""
            insert into progress_milestones (tenant_id, employee_id, period, plan_id, component_id, kind, level)
            select @TenantId, m.employee_id, @period, m.plan_id, m.component_id, m.kind, m.level
            from unnest(@employees, @plans, @components, @kinds, @levels) as m(employee_id, plan_id, component_id, kind, level)
            where not exists (select from progress_milestones p
                              where p.tenant_id = @TenantId and p.employee_id = m.employee_id and p.period = @period and p.plan_id = m.plan_id
                                and p.component_id = m.component_id and p.kind = m.kind and p.level >= m.level)
            on conflict do nothing
            returning employee_id, plan_id, component_id, kind, level
            """, new
        {
            work.TenantId,
            period = prepared.Period.ToString(),
            employees = keys.Select(k => k.Employee).ToArray(),
            plans = keys.Select(k => k.Plan).ToArray(),
            components = keys.Select(k => k.Component).ToArray(),
            kinds = keys.Select(k => k.Kind).ToArray(),
            levels = keys.Select(k => k.Level).ToArray(),
        });
        return inserted.Select(r => found[(r.EmployeeId, r.PlanId, r.ComponentId, r.Kind, r.Level)]).OrderBy(a => a.EmployeeId)
            .ThenBy(a => a.PlanId).ThenBy(a => a.ComponentId, StringComparer.Ordinal).ThenBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Level).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the progress milestones of tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Guid tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce progress milestones")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
