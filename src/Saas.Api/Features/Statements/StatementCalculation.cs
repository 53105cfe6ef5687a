using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Statements;

/// <summary>Computes and stores the statements of one tenant's period: for every employee covered by an active plan,
/// the payout of each plan version in force during the period (prorated by the days it and the employment cover),
/// with the period's adjustments. A statement whose inputs did not change is left alone; a changed draft is superseded
/// by a new draft; a changed approved statement gets a new revision awaiting approval. Nothing is overwritten.</summary>
public sealed partial class StatementCalculation(PlatformDb platform, TimeProvider time, SaasMetrics metrics, ILogger<StatementCalculation> logger)
{
    public const int EmployeesPerTransaction = 200;

    /// <summary>What a statement was computed from, kept with it: enough to recompute it by hand.</summary>
    public sealed record StatementInputs(
        IReadOnlyList<PlanSegment> Plans,
        decimal? BaseSalary,
        IReadOnlyDictionary<string, decimal> Metrics,
        IReadOnlyDictionary<string, decimal> PreviousMetrics,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> GroupMetrics,
        IReadOnlyList<CreditedDeal> Deals,
        IReadOnlyList<PayoutAdjustment> Adjustments,
        IReadOnlyList<PayoutClawback> Clawbacks,
        decimal DrawBalanceIn);

    /// <summary>A plan version in force for part (or all) of the period, and the assignment that applied.</summary>
    public sealed record PlanSegment(Guid PlanId, string PlanName, int PlanVersion, int AssignmentIndex, DateOnly From, DateOnly ToInclusive,
        int ActiveDays, int PeriodDays);

    /// <summary>Runs a claimed job to the end, reporting progress, and records how it ended.</summary>
    public async Task RunAsync(Guid tenantId, Guid jobId, Period period, string worker, CancellationToken cancellationToken)
    {
        using var activity = SaasTraces.Source.StartActivity("calculation.job");
        activity?.SetTag(SaasTraces.TenantId, tenantId).SetTag("saas.calculation.job.id", jobId).SetTag("saas.calculation.period", period.ToString());
        var started = time.GetTimestamp();
        try
        {
            var changed = await CalculateAsync(tenantId, period, jobId, null, cancellationToken);
            await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
            await work.ExecuteAsync("""
                update calculation_jobs set status = 'succeeded', changed = @changed, finished_at = now(), heartbeat_at = now()
                where tenant_id = @TenantId and id = @jobId and worker = @worker
                """, new { work.TenantId, jobId, changed, worker });
            await work.CommitAsync();
            metrics.CalculationSucceeded(time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, jobId);
            activity.Failed(e);
            metrics.CalculationFailed(time.GetElapsedTime(started), e);
            await using var work = await platform.BeginForTenantAsync(tenantId, CancellationToken.None);
            await work.ExecuteAsync("""
                update calculation_jobs set status = 'failed', error = @error, finished_at = now()
                where tenant_id = @TenantId and id = @jobId and worker = @worker
                """, new { work.TenantId, jobId, worker, error = e is PeriodLockedException ? e.Message : "The calculation failed; it has been logged." });
            await work.CommitAsync();
        }
    }

    /// <summary>Computes the period's statements (or one employee's); answers how many statements changed.</summary>
    public async Task<int> CalculateAsync(Guid tenantId, Period period, Guid? jobId, Guid? onlyEmployee, CancellationToken cancellationToken)
    {
        Preparation preparation;
        await using (var work = await platform.BeginForTenantAsync(tenantId, cancellationToken))
        {
            // A month of a large tenant's events takes tens of seconds to aggregate (infra/bench/statements); a quarter more.
            work.CommandTimeoutSeconds = 900;
            if (await PayPeriods.IsLockedAsync(work, period.ToString()))
                throw new PeriodLockedException($"{period} is locked as paid; its statements no longer change.");
            preparation = await PrepareAsync(work, period, onlyEmployee, time.GetUtcNow(), null, cancellationToken);
            await work.CommitAsync();
        }
        var (employees, prepared) = (preparation.Employees, preparation.Prepared);

        if (jobId is { } job)
            await ProgressAsync(tenantId, job, 0, employees.Count, cancellationToken);
        var changed = 0;
        for (var offset = 0; offset < employees.Count; offset += EmployeesPerTransaction)
        {
            // The connection goes back before the progress takes one: a worker holds one connection at a time.
            await using (var work = await platform.BeginForTenantAsync(tenantId, cancellationToken))
            {
                var computed = new List<(Guid EmployeeId, Computed Statement)>();
                foreach (var employee in employees.Skip(offset).Take(EmployeesPerTransaction))
                    if (Compute(prepared, employee) is { } statement)
                        computed.Add((employee.Id, statement));
                changed += await StoreAsync(work, computed, period, jobId, cancellationToken);
                await work.CommitAsync();
            }
            if (jobId is { } running)
                await ProgressAsync(tenantId, running, Math.Min(offset + EmployeesPerTransaction, employees.Count), employees.Count, cancellationToken);
        }
        return changed;
    }

    /// <summary>Everything a period's statements are computed from: who is employed, the plans in force, the period's and the
    /// previous period's metrics (as of <paramref name="now"/>), adjustments, clawbacks and draw balances. Statements and
    /// progress during the period read the same. Progress may pass the previous period's metrics it read a little earlier
    /// (<paramref name="previousMetrics"/>): a closed month changes only by late events, and reading it again would double the cost.</summary>
    public static async Task<Preparation> PrepareAsync(UnitOfWork work, Period period, Guid? onlyEmployee, DateTimeOffset now,
        PeriodMetrics? previousMetrics, CancellationToken cancellationToken)
    {
        var periodText = period.ToString();
        var tenant = await TenantProfile.LoadAsync(work);
        var settings = tenant.Settings;
        var plans = await Plan.InForceAsync(work, period, [Plan.Active, Plan.Retired], cancellationToken);
        var employees = await EmployedInAsync(work, period, onlyEmployee);
        var adjustments = (await work.Documents.Query<StatementAdjustment>().Where(a => a.Period == periodText).ToListAsync(cancellationToken))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToLookup(a => a.EmployeeId);

        // Plans are per plan currency; the tenant's currency is what metrics of money are measured in.
        var metrics = await PeriodMetrics.ComputeAsync(work, period, tenant.TimeZone, settings, tenant.Currency, now);
        var previous = previousMetrics ?? await PeriodMetrics.ComputeAsync(work, period.Previous, tenant.TimeZone, settings, tenant.Currency, now);
        var clawbacks = await Clawbacks.FindAsync(work, period, tenant.TimeZone, Saas.Engine.Text.Languages.FromLocale(tenant.Locale),
            cancellationToken);
        // The draw balance carried out by each employee's most recent earlier statement (a month without a statement
        // carries nothing away), its approved revision when there is one.
        var carrying = work.Documents.Query<Statement>().Where(s => s.Status != Statement.Superseded);
        if (onlyEmployee is { } one)
            carrying = carrying.Where(s => s.EmployeeId == one);
        // Only the fields the balance needs: a tenant's statements of every period are many, and progress reads them at every snapshot.
        var drawBalances = (await carrying.Select(s => new { s.EmployeeId, s.Period, s.Status, s.Revision, s.DrawBalance }).ToListAsync(cancellationToken))
            .GroupBy(s => (s.EmployeeId, s.Period))
            .Select(g => g.OrderByDescending(s => s.Status == Statement.Approved).ThenByDescending(s => s.Revision).First())
            .Select(s => (s.EmployeeId, Period: Period.Parse(s.Period), Balance: s.DrawBalance))
            .Where(r => r.Period.EndExclusive <= period.Start)
            .GroupBy(r => r.EmployeeId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Period.EndExclusive).Balance);
        return new Preparation(employees, tenant, new Prepared(period, tenant.Locale, plans.Select(p => (p, p.ReadDocument())).ToList(), metrics,
            previous, adjustments, clawbacks, drawBalances));
    }

    public sealed record Preparation(IReadOnlyList<Employee> Employees, TenantProfile Tenant, Prepared Prepared);

    public sealed record Prepared(Period Period, string Locale, List<(Plan Plan, PlanDocument Document)> Plans, PeriodMetrics Metrics,
        PeriodMetrics Previous, ILookup<Guid, StatementAdjustment> Adjustments, ILookup<Guid, Clawbacks.Candidate> Clawbacks,
        Dictionary<Guid, decimal> DrawBalances);

    /// <summary>A statement as computed, before it is stored, with each plan version's part of it (<see cref="Segments"/>, in order).</summary>
    public sealed record Computed(string Currency, decimal Total, IReadOnlyList<PayoutLine> Lines, StatementInputs Inputs, decimal DrawBalance,
        IReadOnlyList<ComputedSegment> Segments);

    /// <summary>One plan version's part of a statement: the assignment that applied and the lines it paid.</summary>
    public sealed record ComputedSegment(PlanSegment Segment, Assignment Assignment, IReadOnlyList<PayoutLine> Lines);

    /// <summary>Who was employed for at least a day of the period, in the order of their ids, the order a job goes through them in.</summary>
    private static async Task<IReadOnlyList<Employee>> EmployedInAsync(UnitOfWork work, Period period, Guid? onlyEmployee)
    {
        var (start, end) = (period.Start, period.EndExclusive);
        var employed = work.Documents.Query<Employee>()
            .Where(e => (e.StartDate == null || e.StartDate < end) && (e.EndDate == null || e.EndDate >= start));
        if (onlyEmployee is { } id)
            employed = employed.Where(e => e.Id == id);
        return await employed.OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>One employee's statement from <paramref name="prepared"/>; null when no plan covers them. A what-if replaces the
    /// employee's metric values (<paramref name="actuals"/>), the tenant's that team components read (<paramref name="tenant"/>),
    /// or the credited deals.</summary>
    public static Computed? Compute(Prepared prepared, Employee employee, MetricValues? actuals = null, MetricValues? tenant = null,
        IReadOnlyList<CreditedDeal>? deals = null)
    {
        var period = prepared.Period;
        var employedFrom = Max(period.Start, employee.StartDate ?? period.Start);
        var employedUntil = Min(period.EndExclusive, employee.EndDate?.AddDays(1) ?? period.EndExclusive);
        var segments = new List<(PlanSegment Segment, Assignment Assignment, PlanDocument Document)>();
        foreach (var (plan, document) in prepared.Plans)
        {
            // A plan pays by its own periods: a quarterly plan in a quarter's run, never in its months' runs too.
            if (!document.Periods.Select(Period.Parse).Contains(period))
                continue;
            var index = employee.AssignmentIn(document);
            if (index < 0)
                continue;
            var from = Max(employedFrom, plan.EffectiveFrom!.Value);
            var until = Min(employedUntil, plan.EffectiveTo?.AddDays(1) ?? period.EndExclusive);
            if (until <= from)
                continue;
            var proration = Proration.For(period, from, until);
            segments.Add((new PlanSegment(plan.Id, plan.Name, plan.Version, index, from, until.AddDays(-1), proration.ActiveDays, proration.PeriodDays),
                document.Assignments[index], document));
        }
        if (segments.Count == 0)
            return null;

        var currency = segments[0].Document.Currency;
        actuals ??= prepared.Metrics.For(employee.Id);
        var previousActuals = prepared.Previous.For(employee.Id);
        var groupValues = tenant ?? prepared.Metrics.Tenant;
        var groups = segments.SelectMany(s => s.Assignment.Components.OfType<TeamComponent>().Select(t => t.Group)).Distinct()
            .ToDictionary(group => group, _ => groupValues, StringComparer.Ordinal);
        deals ??= prepared.Metrics.Deals.TryGetValue(employee.Id, out var credited) ? credited : [];
        var adjustments = prepared.Adjustments[employee.Id].Select(a => new PayoutAdjustment(a.Amount, a.Reason)).ToList();
        var baseSalary = employee.Currency == currency ? employee.BaseSalary : (decimal?)null;
        var clawbacks = Clawbacks.Applicable(prepared.Clawbacks[employee.Id], segments[0].Assignment.Clawback, Saas.Engine.Text.Languages.FromLocale(prepared.Locale));

        var lines = new List<PayoutLine>();
        var parts = new List<ComputedSegment>();
        var total = 0m;
        var drawBalanceIn = prepared.DrawBalances.GetValueOrDefault(employee.Id);
        var drawBalance = drawBalanceIn;
        for (var i = 0; i < segments.Count; i++)
        {
            var (segment, assignment, _) = segments[i];
            var result = PayoutCalculator.Calculate(new PayoutInput
            {
                Assignment = assignment,
                Period = period,
                Currency = currency,
                Locale = prepared.Locale,
                BaseSalary = baseSalary,
                Actuals = actuals,
                PreviousActuals = previousActuals,
                GroupActuals = groups,
                Deals = deals,
                Proration = segment.ActiveDays == segment.PeriodDays ? null : new Proration(segment.ActiveDays, segment.PeriodDays),
                // Adjustments and clawbacks belong to the statement, not to a plan version: they ride on the first segment.
                Adjustments = i == 0 ? adjustments : [],
                Clawbacks = i == 0 ? clawbacks : [],
                // The balance runs through the versions in order; only the first can hold a draw balance from before.
                DrawBalance = drawBalance,
            });
            drawBalance = result.DrawBalance;
            var segmentLines = segments.Count == 1 ? result.Lines : result.Lines.Select(l => l with { Label = $"{segment.PlanName}: {l.Label}" }).ToList();
            lines.AddRange(segmentLines);
            parts.Add(new ComputedSegment(segment, assignment, segmentLines));
            total += result.Total;
        }
        var inputs = new StatementInputs(segments.Select(s => s.Segment).ToList(), baseSalary, Sorted(actuals), Sorted(previousActuals),
            groups.ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)Sorted(g.Value)), deals, adjustments, clawbacks, drawBalanceIn);
        return new Computed(currency, total, lines, inputs, drawBalance, parts);
    }

    private static SortedDictionary<string, decimal> Sorted(MetricValues values) => new(values.ToDictionary(), StringComparer.Ordinal);

    /// <summary>Stores a new revision of each statement whose inputs changed; answers how many did. The locks are taken, and
    /// the revisions and their latest inputs' hashes read, once for the whole transaction's employees: looked up one employee
    /// at a time, each lookup was a round trip, and ran the plan PostgreSQL cached on the connection, which may be a generic
    /// plan from statistics older than the rows the calculation writes (a sequential scan, shown by hand, not in the benchmark).
    /// Read once per 200 employees, such a plan costs a scan per transaction, not one per employee.</summary>
    private async Task<int> StoreAsync(UnitOfWork work, IReadOnlyList<(Guid EmployeeId, Computed Statement)> computed, Period period,
        Guid? jobId, CancellationToken cancellationToken)
    {
        if (computed.Count == 0)
            return 0;
        var periodText = period.ToString();
        var employeeIds = computed.Select(c => c.EmployeeId).ToList();
        // One writer per employee and period (a job, an adjustment and an approval may race); the locks end with the transaction.
        await Statement.LockAsync(work, employeeIds, periodText);
        var revisions = (await work.Documents.Query<Statement>().Where(s => s.Period == periodText && employeeIds.Contains(s.EmployeeId))
            .ToListAsync(cancellationToken)).ToLookup(s => s.EmployeeId);
        var latestIds = revisions.Select(r => r.MaxBy(s => s.Revision)!.Id).ToList();
        var latestHashes = latestIds.Count == 0 ? []
            : (await work.Documents.Query<CalculatedStatement>().Where(c => latestIds.Contains(c.Id)).Select(c => new { c.Id, c.InputsHash })
                .ToListAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.InputsHash);
        var changed = 0;
        foreach (var (employeeId, statement) in computed)
            if (Store(work, employeeId, periodText, statement, revisions[employeeId], latestHashes, jobId))
                changed++;
        return changed;
    }

    /// <summary>Stores a new revision of one statement when its inputs changed; true when they did.</summary>
    private bool Store(UnitOfWork work, Guid employeeId, string periodText, Computed statement, IEnumerable<Statement> revisions,
        Dictionary<Guid, string> latestHashes, Guid? jobId)
    {
        var inputs = JsonSerializer.Serialize(statement.Inputs, PlanJson.Options);
        var lines = JsonSerializer.Serialize(statement.Lines, PlanJson.Options);
        var hash = Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inputs + "\n" + lines)));
        var latest = revisions.MaxBy(s => s.Revision);
        if (latest is not null && latestHashes.GetValueOrDefault(latest.Id) == hash)
            return false;

        // The diff of a new revision is against the last approved one when there is one, else against the draft it replaces.
        var previousId = latest is null ? (Guid?)null
            : revisions.Where(s => s.Status == Statement.Approved).MaxBy(s => s.Revision)?.Id ?? latest.Id;
        if (latest is not null)
        {
            latest.Latest = false;
            if (latest.Status == Statement.Draft)
                latest.Status = Statement.Superseded;
            work.Documents.Update(latest);
        }
        var revision = (latest?.Revision ?? 0) + 1;
        var now = time.GetUtcNow();
        var calculated = new CalculatedStatement
        {
            Id = Guid.CreateVersion7(),
            EmployeeId = employeeId,
            Period = periodText,
            Revision = revision,
            Currency = statement.Currency,
            Total = Numeric.Stored(statement.Total),
            DrawBalance = Numeric.Stored(statement.DrawBalance),
            Lines = Element(lines),
            Inputs = Element(inputs),
            InputsHash = hash,
            PreviousId = previousId,
            JobId = jobId,
            CreatedAt = now,
        };
        work.Documents.Insert(calculated);
        work.Documents.Insert(Statement.Of(calculated, takesBack: statement.Lines.Any(l => l.Kind == PayoutLineKind.Clawback)));
        work.Documents.Insert(StatementAuditEntry.For(calculated.Id, "calculated", "system", now, new { jobId, revision, previousId }));
        return true;
    }

    /// <summary>The JSON as written, hashed and stored.</summary>
    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private async Task ProgressAsync(Guid tenantId, Guid jobId, int done, int total, CancellationToken cancellationToken)
    {
        await using var work = await platform.BeginForTenantAsync(tenantId, cancellationToken);
        await work.ExecuteAsync("update calculation_jobs set done = @done, total = @total, heartbeat_at = now() where tenant_id = @TenantId and id = @jobId",
            new { work.TenantId, jobId, done, total });
        await work.CommitAsync();
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Calculation job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid jobId);
}

public sealed class PeriodLockedException(string message) : Exception(message);
