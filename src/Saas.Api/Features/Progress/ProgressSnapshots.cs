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
/// computing one employee from it is a millisecond. One read at a time per tenant and period; a snapshot no longer fresh
/// (<see cref="FreshFor"/>) is replaced, and answers meanwhile while it is younger than <see cref="ProgressOptions.ServeStaleFor"/>.
/// Every answer says how old it is. The previous period's metrics are carried from
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

        /// <summary>How long reading it took, from <see cref="AsOf"/> (on the monotonic clock: a step of the wall clock does not count).</summary>
        public TimeSpan ReadIn { get; init; }
    }

    private sealed class Entry
    {
        public Snapshot? Current;
        public Task<Snapshot>? Reading;
        public long LastUsed;

        /// <summary>Teams read whole since <see cref="Current"/> could not be caught up on, by their members (<see cref="TeamKey"/>).</summary>
        public readonly ConcurrentDictionary<string, TeamEntry> Teams = new(StringComparer.Ordinal);
    }

    /// <summary>A team's members read narrowed at <see cref="AsOf"/>; no <see cref="Metrics"/> when they have more leads than
    /// <see cref="PeriodMetrics.MaxNarrowedLeads"/>.</summary>
    private sealed record TeamReading(PeriodMetrics? Metrics, DateTimeOffset AsOf);

    private sealed class TeamEntry
    {
        public TeamReading? Current;
        public Task<TeamReading>? Reading;
    }

    /// <summary>A snapshot nobody asked for in this long is dropped: a large tenant's month holds a hundred megabytes or more.</summary>
    public static readonly TimeSpan DroppedWhenUnusedFor = TimeSpan.FromMinutes(10);

    /// <summary>Readings at once on an instance, whatever the tenants: each keeps a PostgreSQL backend busy for as long as it takes.</summary>
    public const int MaxConcurrentReadings = 2;

    /// <summary>Teams read whole at once on an instance (1.5 s for the progress benchmark's team of 200), not waiting behind the readings.</summary>
    public const int MaxConcurrentTeamReadings = 2;

    private readonly ConcurrentDictionary<(Guid Tenant, Period Period), Entry> _entries = new();
    private readonly SemaphoreSlim _readings = new(MaxConcurrentReadings, MaxConcurrentReadings);
    private readonly SemaphoreSlim _teamReadings = new(MaxConcurrentTeamReadings, MaxConcurrentTeamReadings);

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
            var current = entry.Current;
            var age = current is null ? TimeSpan.MaxValue : time.GetUtcNow() - current.AsOf;
            if (current is not null && age <= FreshFor(current, settings))
                return current;
            reading = entry.Reading ??= ReadAsync(entry, tenantId, period);
            if (age <= settings.ServeStaleFor)
                return current!;
        }
        return await reading.WaitAsync(cancellationToken);
    }

    /// <summary>How long <paramref name="snapshot"/> answers as it is: <see cref="ProgressOptions.FreshFor"/>, or twice as long as reading
    /// it took when that is longer. A tenant whose period takes longer to read than that bound is then read at most half the time
    /// while anyone polls it, not one reading after another (a PostgreSQL core, and the cores left to the requests, at the progress
    /// benchmark's size). Never so long that the next reading, as long as this one, would end after the snapshot stops answering
    /// (<see cref="ProgressOptions.ServeStaleFor"/>).</summary>
    private static TimeSpan FreshFor(Snapshot snapshot, ProgressOptions settings)
    {
        var twice = 2 * snapshot.ReadIn;
        var lastStart = settings.ServeStaleFor - snapshot.ReadIn;
        var spaced = twice < lastStart ? twice : lastStart;
        return spaced > settings.FreshFor ? spaced : settings.FreshFor;
    }

    /// <summary>Events after a snapshot beyond which a team's request does not look for the members they touch.</summary>
    public const int TeamCatchUpEvents = 2_000;

    /// <summary>Touched members beyond which a team's request does not read them again.</summary>
    public const int TeamCatchUpMembers = 40;

    /// <summary>The snapshot with the metrics of <paramref name="employees"/> read again now, narrowed to the leads, deals and events
    /// that can count for them (<see cref="PeriodMetrics.ComputeForAsync"/>): every acknowledged event of theirs shows at once, at
    /// milliseconds an employee. With <paramref name="onlyTouched"/> (a team: thousands of leads), only those events since the
    /// snapshot's <see cref="Snapshot.MayMiss"/> can have changed are read again (<see cref="PeriodMetrics.TouchedSinceAsync"/>), the
    /// others are as the snapshot has them with the values posted for them since laid over, which is current. When that cannot be
    /// told cheaply (the snapshot is the first reading, so <see cref="Snapshot.MayMiss"/> is null; more than
    /// <see cref="TeamCatchUpEvents"/> events came since; they touch more than <see cref="TeamCatchUpMembers"/> members), the team is
    /// read whole instead, once per <see cref="ProgressOptions.FreshFor"/> and shared like a snapshot (<see cref="AsOfTeamReadingAsync"/>):
    /// 1.5 s for the progress benchmark's team of 200, so a team shows an event within seconds even right after thousands arrived. An
    /// employee, or a team, with more leads than <see cref="PeriodMetrics.MaxNarrowedLeads"/> is as the snapshot has them. What they
    /// share with the tenant (team components, spend), the plans, the staff, adjustments and clawbacks stay as the snapshot read them.
    /// Only these employees may be computed from the result.</summary>
    public async Task<Snapshot> WithOwnFiguresAsync(TenantDb db, Snapshot snapshot, IReadOnlyCollection<Guid> employees, bool onlyTouched,
        CancellationToken cancellationToken)
    {
        var (prepared, tenant) = (snapshot.Preparation.Prepared, snapshot.Preparation.Tenant);
        var now = time.GetUtcNow();
        PeriodMetrics? own = null;
        var caughtUp = true;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var reading = employees;
            if (onlyTouched)
            {
                if (snapshot.MayMiss is { } since
                    && await PeriodMetrics.TouchedSinceAsync(work, since, employees, TeamCatchUpEvents) is { Count: <= TeamCatchUpMembers } touched)
                    reading = touched;
                else
                    caughtUp = false;
            }
            if (caughtUp)
            {
                own = reading.Count == 0 ? PeriodMetrics.Empty(prepared.Period, prepared.Metrics.Tenant)
                    : await PeriodMetrics.ComputeForAsync(work, prepared.Period, tenant.TimeZone, tenant.Settings, tenant.Currency, now, reading,
                        prepared.Metrics.Tenant);
                if (own is not null && reading.Count < employees.Count)
                    own = await PeriodMetrics.WithPostedAsync(work, Merged(prepared, own, reading, employees), [.. employees.Except(reading)]);
            }
            await work.CommitAsync();
        }
        if (own is not null)
            return WithMetrics(snapshot, own, now);
        if (caughtUp || await AsOfTeamReadingAsync(db, snapshot, employees, cancellationToken) is not { Metrics: { } team } read)
            return snapshot;
        return WithMetrics(snapshot, team, read.AsOf);
    }

    /// <summary><paramref name="own"/>'s values of those <paramref name="read"/>, the snapshot's of the other <paramref name="employees"/>.</summary>
    private static PeriodMetrics Merged(StatementCalculation.Prepared prepared, PeriodMetrics own, IReadOnlyCollection<Guid> read,
        IReadOnlyCollection<Guid> employees)
    {
        var reread = read.ToHashSet();
        var byEmployee = new Dictionary<Guid, MetricValues>();
        var deals = new Dictionary<Guid, IReadOnlyList<CreditedDeal>>();
        foreach (var employee in employees)
        {
            var source = reread.Contains(employee) ? own : prepared.Metrics;
            if (source.ByEmployee.TryGetValue(employee, out var values))
                byEmployee[employee] = values;
            if (source.Deals.TryGetValue(employee, out var credited))
                deals[employee] = credited;
        }
        return new PeriodMetrics { Period = prepared.Period, ByEmployee = byEmployee, Tenant = prepared.Metrics.Tenant, Deals = deals };
    }

    private static Snapshot WithMetrics(Snapshot snapshot, PeriodMetrics metrics, DateTimeOffset asOf) =>
        snapshot with { Preparation = snapshot.Preparation with { Prepared = snapshot.Preparation.Prepared with { Metrics = metrics } }, OwnAsOf = asOf };

    /// <summary>A reading of the team of <paramref name="employees"/> whole, newer than <paramref name="snapshot"/>: one younger than
    /// <see cref="ProgressOptions.FreshFor"/> as it is; an older one (up to <see cref="ProgressOptions.ServeStaleFor"/>) while a new one is
    /// read; else a new one, waited for. Null when the snapshot is no longer kept.</summary>
    private async Task<TeamReading?> AsOfTeamReadingAsync(TenantDb db, Snapshot snapshot, IReadOnlyCollection<Guid> employees,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var period = snapshot.Preparation.Prepared.Period;
        if (!_entries.TryGetValue((db.TenantId, period), out var entry))
            return null;
        // A team whose members changed is another key: the readings of the old one go once they could no longer answer (or failed).
        foreach (var (key, other) in entry.Teams)
            if (Volatile.Read(ref other.Reading) is null
                && (Volatile.Read(ref other.Current) is not { } old || time.GetUtcNow() - old.AsOf > settings.ServeStaleFor))
                entry.Teams.TryRemove(key, out _);
        var team = entry.Teams.GetOrAdd(TeamKey(employees), _ => new TeamEntry());
        Task<TeamReading> reading;
        lock (team)
        {
            var age = team.Current is { } current && current.AsOf >= snapshot.AsOf ? time.GetUtcNow() - current.AsOf : TimeSpan.MaxValue;
            if (age <= settings.FreshFor)
                return team.Current;
            reading = team.Reading ??= ReadTeamAsync(team, db.TenantId, snapshot, [.. employees]);
            if (age <= settings.ServeStaleFor)
                return team.Current;
        }
        return await reading.WaitAsync(cancellationToken);
    }

    /// <summary>A team by its members, whatever their order.</summary>
    private static string TeamKey(IReadOnlyCollection<Guid> employees) => string.Join(',', employees.Order());

    /// <summary>Reads outside any request, as <see cref="ReadAsync"/> does.</summary>
    private async Task<TeamReading> ReadTeamAsync(TeamEntry team, Guid tenantId, Snapshot snapshot, IReadOnlyCollection<Guid> employees)
    {
        await Task.Yield();
        await _teamReadings.WaitAsync(lifetime.ApplicationStopping);
        try
        {
            var (prepared, tenant) = (snapshot.Preparation.Prepared, snapshot.Preparation.Tenant);
            var asOf = time.GetUtcNow();
            await using var work = await platform.BeginForTenantAsync(tenantId, lifetime.ApplicationStopping);
            var read = new TeamReading(await PeriodMetrics.ComputeForAsync(work, prepared.Period, tenant.TimeZone, tenant.Settings, tenant.Currency,
                asOf, employees, prepared.Metrics.Tenant), asOf);
            await work.CommitAsync();
            lock (team)
            {
                team.Current = read;
                team.Reading = null;
            }
            return read;
        }
        catch (Exception e)
        {
            lock (team)
                team.Reading = null;
            if (e is not OperationCanceledException)
                LogTeamReadFailed(logger, e, tenantId, snapshot.Preparation.Prepared.Period.ToString());
            throw;
        }
        finally
        {
            _teamReadings.Release();
        }
    }

    /// <summary>Reads outside any request: one that gave up waiting does not cancel what others wait for.</summary>
    private async Task<Snapshot> ReadAsync(Entry entry, Guid tenantId, Period period)
    {
        await Task.Yield();
        await _readings.WaitAsync(lifetime.ApplicationStopping);
        try
        {
            var asOf = time.GetUtcNow();
            var started = time.GetTimestamp();
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
            var snapshot = new Snapshot(preparation, asOf, previous?.PreviousAsOf ?? asOf, last?.ReadFrom)
            {
                ReadFrom = readFrom,
                ReadIn = time.GetElapsedTime(started),
            };
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

    /// <summary>Whether a reading of the tenant's period is running.</summary>
    internal bool IsReading(Guid tenant, Period period) => _entries.TryGetValue((tenant, period), out var entry) && Volatile.Read(ref entry.Reading) is not null;

    /// <summary>The tenants and periods whose snapshot is kept.</summary>
    internal IReadOnlyCollection<(Guid Tenant, Period Period)> Kept => [.. _entries.Keys];

    /// <summary>The teams whose reading is kept with a tenant's period, each by its members.</summary>
    internal IReadOnlyCollection<string> TeamsKept(Guid tenant, Period period) =>
        _entries.TryGetValue((tenant, period), out var entry) ? [.. entry.Teams.Keys] : [];

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading a team's progress of tenant {TenantId}, period {Period} failed")]
    private static partial void LogTeamReadFailed(ILogger logger, Exception exception, Guid tenantId, string period);
}
