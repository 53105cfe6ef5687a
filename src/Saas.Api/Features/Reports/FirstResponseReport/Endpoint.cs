using System.Buffers;
using System.Runtime.InteropServices;
using FastEndpoints;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Reports.FirstResponseReport;

/// <summary><c>GET /sla/first-response</c>: how fast new leads of a period got their first response, in the tenant's
/// working time (hours, holidays, time zone), by employee (the lead's first assignee, else its owner), team or channel.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("first-response");
        Group<SlaGroup>();
        Description(route => route.WithName("FirstResponseReport"));
        Summary(summary => summary.Summary = "First-response SLA compliance, median and p90 in working time");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var range = request.Range;
        var grouping = request.GroupBy ?? "employee";

        await LeadFactsRefresher.CatchUpAsync(db, request.Ranges, withDeals: false, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var calendar = tenant.Calendar();
        var sla = tenant.Settings.FirstResponseSlaMinutes;
        var now = time.GetUtcNow();
        // Leads are grouped by who had to answer them (the clock's holder) and that person's team.
        var teams = (await work.QueryAsync<(Guid Id, Guid? TeamId)>("select id, team_id from documents.mt_doc_employee where tenant_id = @TenantId::text", new { work.TenantId }))
            .ToDictionary(e => e.Id, e => e.TeamId);

        var byChannel = grouping == "channel";
        GroupKey Key(ClockedLead lead, SlaTiming timing) => grouping switch
        {
            "employee" => new(timing.Responsible, ""),
            "team" => new(timing.Responsible is { } employee ? teams.GetValueOrDefault(employee) : null, ""),
            _ => new(null, lead.Channel ?? ""),
        };
        async Task<(Group Total, List<Group> Groups)> TallyAsync(ReportRange days)
        {
            var total = new Tally();
            var tallies = new Dictionary<GroupKey, Tally>();
            await foreach (var lead in ClockedLead.ReadAsync(work, days, tenant, byChannel))
            {
                var timing = SlaTiming.Of(lead.Clock, calendar, tenant.Settings, now);
                total.Add(timing);
                (CollectionsMarshal.GetValueRefOrAddDefault(tallies, Key(lead, timing), out _) ??= new()).Add(timing);
            }
            var groups = tallies.Select(entry => entry.Value.Summarise(entry.Key.ToString()));
            return (total.Summarise(""), groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList());
        }

        var (total, groups) = await TallyAsync(range);
        Comparison? comparison = null;
        if (request.ComparedRange is { } compared)
        {
            var (then, thenGroups) = await TallyAsync(compared);
            comparison = new Comparison(compared.Period?.ToString(), compared.From, compared.To, then, thenGroups, Change.Between(total, then));
        }
        await Send.OkAsync(new Response(range.Period?.ToString(), grouping, sla, total, groups, tenant.Settings.FirstResponseSlaFrom, range.From, range.To,
            comparison), cancellationToken);
    }

    /// <summary>A group as the leads are folded: an employee's or team's id, or a channel's name; "" for none. Its text is
    /// written once a group, not for each lead.</summary>
    private readonly record struct GroupKey(Guid? Id, string Name)
    {
        public override string ToString() => Id?.ToString() ?? Name;
    }

    /// <summary>A group's leads as they are read: counts, and the working minutes of the answered ones for the percentiles.
    /// The minutes are kept in hundredths, as they are rounded (<see cref="SlaTiming"/>), in an array from the shared pool: a
    /// month's answered leads fill an array on the large object heap, and a new one for every report stayed there as garbage
    /// until the next full collection. By minute 20 of infra/bench/soak the large object heap held 10–14 MB between full
    /// collections before, and 3–6 MB in one run with the pool (and SQL spans' filter, DatabaseSetup).</summary>
    private sealed class Tally
    {
        private long[] _hundredths = [];
        private int _answered, _leads, _inTime, _late;

        public void Add(SlaTiming timing)
        {
            _leads++;
            if (timing.Minutes is { } minutes)
            {
                if (_answered == _hundredths.Length)
                    Grow();
                _hundredths[_answered++] = (long)Math.Round(minutes * 100);
            }
            if (timing.InTime == true)
                _inTime++;
            else if (timing.InTime == false)
                _late++;
        }

        /// <summary>The group's figures; the minutes' array goes back to the pool, so a tally is summarised once.</summary>
        public Group Summarise(string key)
        {
            var sorted = _hundredths.AsSpan(0, _answered);
            sorted.Sort();
            var group = new Group(key, _leads, _answered, _inTime, _late, _leads - _answered,
                _inTime + _late == 0 ? null : Math.Round((decimal)_inTime / (_inTime + _late), 4), Percentile(sorted, 0.5m), Percentile(sorted, 0.9m));
            Release();
            return group;
        }

        private void Grow()
        {
            var larger = ArrayPool<long>.Shared.Rent(Math.Max(64, _hundredths.Length * 2));
            _hundredths.AsSpan(0, _answered).CopyTo(larger);
            Release();
            _hundredths = larger;
        }

        private void Release()
        {
            if (_hundredths.Length > 0)
                ArrayPool<long>.Shared.Return(_hundredths);
            _hundredths = [];
        }
    }

    /// <summary>Nearest-rank percentile of working minutes given in hundredths, rounded to a tenth of a minute. The tenth is
    /// always written (15.0): the quotient's scale follows its value (1500 / 100 is 15).</summary>
    private static decimal? Percentile(ReadOnlySpan<long> sortedHundredths, decimal p) =>
        sortedHundredths.IsEmpty ? null
            : Math.Round(sortedHundredths[Math.Max(0, (int)Math.Ceiling(p * sortedHundredths.Length) - 1)] / 100m, 1) + 0.0m;
}
