using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Statements;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;

namespace Saas.Api.Features.Progress;

/// <summary>What a tenant's period is computed from (<see cref="StatementCalculation.PrepareAsync"/>: every employee's
/// metrics so far, plans, adjustments), read at <see cref="Snapshot.AsOf"/> and shared by every progress request of that
/// tenant and period on this instance. Reading it is a statement run's expensive half (seconds for a large tenant's month);
/// computing one employee from it is a millisecond. One read at a time per tenant and period; a snapshot older than
/// <see cref="ProgressOptions.FreshFor"/> is replaced, and answers meanwhile while it is younger than
/// <see cref="ProgressOptions.ServeStaleFor"/>. Every answer says how old it is. The previous period's metrics are carried from
/// one snapshot to the next for <see cref="ProgressOptions.PreviousPeriodFreshFor"/>.</summary>
public sealed partial class ProgressSnapshots(PlatformDb platform, IOptions<ProgressOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<ProgressSnapshots> logger)
{
    /// <summary>The period read at <see cref="AsOf"/>; its previous period's metrics at <see cref="PreviousAsOf"/>; the metrics of the
    /// employees a request is about at <see cref="OwnAsOf"/> when <see cref="WithOwnFiguresAsync"/> read them again. Events after
    /// <see cref="MayMiss"/> may be missing from it; when null (the first reading of the period on this instance), any may be.</summary>
    public sealed record Snapshot(StatementCalculation.Preparation Preparation, DateTimeOffset AsOf, DateTimeOffset PreviousAsOf,
        PeriodMetrics.Watermark? MayMiss)
    {
        public DateTimeOffset OwnAsOf { get; init; } = AsOf;

        /// <summary>Where this reading started; the next reading may miss what came after the start of this one.</summary>
        public required PeriodMetrics.Watermark ReadFrom { get; init; }
    }

    private sealed class Entry
    {
        public Snapshot? Current;
        public Task<Snapshot>? Reading;
        public long LastUsed;
    }

    /// <summary>A snapshot nobody asked for in this long is dropped: a large tenant's month holds a hundred megabytes or more.</summary>
    public static readonly TimeSpan DroppedWhenUnusedFor = TimeSpan.FromMinutes(10);

    /// <summary>Readings at once on an instance, whatever the tenants: each keeps a PostgreSQL backend busy for as long as it takes.</summary>
    public const int MaxConcurrentReadings = 2;

    private readonly ConcurrentDictionary<(Guid Tenant, Period Period), Entry> _entries = new();
    private readonly SemaphoreSlim _readings = new(MaxConcurrentReadings, MaxConcurrentReadings);

    /// <summary>The clock snapshots are read by, and so the one that says which period is the current one.</summary>
    public TimeProvider Clock => time;

    /// <summary>Today in the tenant's time zone, by <see cref="Clock"/>: what says which period is current.</summary>
    public async Task<DateOnly> TodayAsync(UnitOfWork work)
    {
        var zone = await work.QuerySingleAsync<string>("select time_zone from tenants where id = @TenantId", new { work.TenantId });
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
    }

    public async Task<Snapshot> GetAsync(Guid tenantId, Period period, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Evict(settings.MaxSnapshots, (tenantId, period));
        var entry = _entries.GetOrAdd((tenantId, period), _ => new Entry { LastUsed = time.GetTimestamp() });
        Task<Snapshot> reading;
        lock (entry)
        {
            entry.LastUsed = time.GetTimestamp();
            var age = entry.Current is { } current ? time.GetUtcNow() - current.AsOf : TimeSpan.MaxValue;
            if (age <= settings.FreshFor)
                return entry.Current!;
            reading = entry.Reading ??= ReadAsync(entry, tenantId, period);
            if (age <= settings.ServeStaleFor)
                return entry.Current!;
        }
        return await reading.WaitAsync(cancellationToken);
    }

    /// <summary>Events after a snapshot beyond which a team's request does not look for the members they touch.</summary>
    public const int TeamCatchUpEvents = 2_000;

    /// <summary>Touched members beyond which a team's request does not read them again.</summary>
    public const int TeamCatchUpMembers = 40;

    /// <summary>The snapshot with the metrics of <paramref name="employees"/> read again now, narrowed to the leads, deals and events
    /// that can count for them (<see cref="PeriodMetrics.ComputeForAsync"/>): every acknowledged event of theirs shows at once, at
    /// milliseconds an employee. With <paramref name="onlyTouched"/> (a team: thousands of leads), only those events since the
    /// snapshot's <see cref="Snapshot.MayMiss"/> can have changed are read again (<see cref="PeriodMetrics.TouchedSinceAsync"/>), the
    /// others are as the snapshot has them with the values posted for them since laid over, which is current; when the snapshot is the
    /// first reading (<see cref="Snapshot.MayMiss"/> null), more than <see cref="TeamCatchUpEvents"/> events came since, or they touch
    /// more than <see cref="TeamCatchUpMembers"/> members, nobody is read again and the snapshot answers as it is (the next shared
    /// reading catches up): reading them would take most of a second at the largest tenants. So does an employee with more leads than
    /// <see cref="PeriodMetrics.MaxNarrowedLeads"/>. What they share with the tenant (team components, spend), the plans, the staff,
    /// adjustments and clawbacks stay as the snapshot read them. Only these employees may be computed from the result.</summary>
    public async Task<Snapshot> WithOwnFiguresAsync(TenantDb db, Snapshot snapshot, IReadOnlyCollection<Guid> employees, bool onlyTouched,
        CancellationToken cancellationToken)
    {
        var (prepared, tenant) = (snapshot.Preparation.Prepared, snapshot.Preparation.Tenant);
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var reading = employees;
        if (onlyTouched)
        {
            if (snapshot.MayMiss is not { } since
                || await PeriodMetrics.TouchedSinceAsync(work, since, employees, TeamCatchUpEvents) is not { Count: <= TeamCatchUpMembers } touched)
                return snapshot;
            reading = touched;
        }
        var own = reading.Count == 0 ? PeriodMetrics.Empty(prepared.Period, prepared.Metrics.Tenant)
            : await PeriodMetrics.ComputeForAsync(work, prepared.Period, tenant.TimeZone, tenant.Settings, tenant.Currency, now, reading, prepared.Metrics.Tenant);
        if (own is null)
            return snapshot;
        var read = reading.ToHashSet();
        var byEmployee = new Dictionary<Guid, MetricValues>();
        var deals = new Dictionary<Guid, IReadOnlyList<CreditedDeal>>();
        foreach (var employee in employees)
        {
            var source = read.Contains(employee) ? own : prepared.Metrics;
            if (source.ByEmployee.TryGetValue(employee, out var values))
                byEmployee[employee] = values;
            if (source.Deals.TryGetValue(employee, out var credited))
                deals[employee] = credited;
        }
        var unread = employees.Where(e => !read.Contains(e)).ToList();
        var metrics = new PeriodMetrics { Period = prepared.Period, ByEmployee = byEmployee, Tenant = prepared.Metrics.Tenant, Deals = deals };
        if (unread.Count > 0)
            metrics = await PeriodMetrics.WithPostedAsync(work, metrics, unread);
        await work.CommitAsync();
        return snapshot with { Preparation = snapshot.Preparation with { Prepared = prepared with { Metrics = metrics } }, OwnAsOf = now };
    }

    /// <summary>Reads outside any request: one that gave up waiting does not cancel what others wait for.</summary>
    private async Task<Snapshot> ReadAsync(Entry entry, Guid tenantId, Period period)
    {
        await Task.Yield();
        await _readings.WaitAsync(lifetime.ApplicationStopping);
        try
        {
            var asOf = time.GetUtcNow();
            Snapshot? last;
            lock (entry)
                last = entry.Current;
            var previous = last is not null && asOf - last.PreviousAsOf <= options.Value.PreviousPeriodFreshFor ? last : null;
            await using var work = await platform.BeginForTenantAsync(tenantId, lifetime.ApplicationStopping);
            work.CommandTimeoutSeconds = 900;
            var readFrom = await PeriodMetrics.Watermark.NowAsync(work);
            var preparation = await StatementCalculation.PrepareAsync(work, period, null, asOf, previous?.Preparation.Prepared.Previous,
                lifetime.ApplicationStopping);
            await work.CommitAsync();
            // An event this reading could not see has an id above where the reading started, unless its import had begun before and was
            // still running: covered from where the last reading started (a reading apart, 5 s or more), which no import lasts. The first
            // reading has no such margin.
            var snapshot = new Snapshot(preparation, asOf, previous?.PreviousAsOf ?? asOf, last?.ReadFrom) { ReadFrom = readFrom };
            lock (entry)
            {
                entry.Current = snapshot;
                entry.Reading = null;
            }
            return snapshot;
        }
        catch (Exception e)
        {
            lock (entry)
                entry.Reading = null;
            if (e is not OperationCanceledException)
                LogReadFailed(logger, e, tenantId, period.ToString());
            throw;
        }
        finally
        {
            _readings.Release();
        }
    }

    /// <summary>The tenants and periods whose snapshot is kept.</summary>
    internal IReadOnlyCollection<(Guid Tenant, Period Period)> Kept => [.. _entries.Keys];

    /// <summary>Drops the snapshots unused for <see cref="DroppedWhenUnusedFor"/>, and the least recently used while <paramref name="asked"/>
    /// would make more than <paramref name="max"/>.</summary>
    private void Evict(int max, (Guid, Period) asked)
    {
        var unusedSince = time.GetTimestamp() - (long)(DroppedWhenUnusedFor.TotalSeconds * time.TimestampFrequency);
        // An entry being read stays: dropping it would only start the same reading again at the next request.
        foreach (var (key, entry) in _entries)
            if (Volatile.Read(ref entry.LastUsed) < unusedSince && Volatile.Read(ref entry.Reading) is null)
                _entries.TryRemove(key, out _);
        while (!_entries.ContainsKey(asked) && _entries.Count >= max && LeastRecentlyUsedNotReading() is { } oldest)
            _entries.TryRemove(oldest, out _);
    }

    private (Guid, Period)? LeastRecentlyUsedNotReading() =>
        _entries.Where(pair => Volatile.Read(ref pair.Value.Reading) is null).OrderBy(pair => Volatile.Read(ref pair.Value.LastUsed))
            .Select(pair => ((Guid, Period)?)pair.Key).FirstOrDefault();

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading progress of tenant {TenantId}, period {Period} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, Guid tenantId, string period);
}
