using FastEndpoints;
using Saas.Api.Features.Plans;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Reports.FunnelReport;

/// <summary><c>GET /reports/funnel</c>: the period's leads (by the tenant's attribution model) and how far they got —
/// MQL, SAL, SQL, deals, revenue — with every stage conversion and, where spend is known (by channel and campaign, and
/// in total), CPL, cost per opportunity, CAC and ROMI; next to the targets of the plans in force for the period.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    private sealed record SpendRow(string Channel, string Campaign, decimal Amount);

    public override void Configure()
    {
        Get("funnel");
        Group<ReportsGroup>();
        Description(route => route.WithName("FunnelReport"));
        Summary(summary => summary.Summary = "Funnel of the period's leads: stages, conversions, CPL, CAC, ROMI and plan targets");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var range = request.Range;
        var grouping = request.GroupBy ?? "channel";

        await LeadFactsRefresher.CatchUpAsync(db, request.Ranges, withDeals: true, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        async Task<(Row Total, List<Row> Groups)> TallyAsync(ReportRange days)
        {
            var counts = await StageCounts.ReadAsync(work, days, tenant, grouping);
            var spend = (await work.QueryAsync<SpendRow>("""
                select channel, campaign, sum(amount) as amount from spend
                where tenant_id = @TenantId and currency = @Currency and date >= @start and date < @end
                group by channel, campaign
                """, new { work.TenantId, tenant.Currency, start = days.From, end = days.EndExclusive })).ToList();

            decimal? SpendOf(string key) => grouping switch
            {
                "channel" => spend.Where(s => s.Channel == key).Sum(s => s.Amount),
                "campaign" => spend.Where(s => s.Campaign == key && key != "").Sum(s => s.Amount),
                _ => null,
            };
            var total = new StageCounts("", counts.Sum(c => c.Leads), counts.Sum(c => c.Mql), counts.Sum(c => c.Sal), counts.Sum(c => c.Sql),
                counts.Sum(c => c.DealsWon), counts.Sum(c => c.Revenue));
            return (Summarise(total, spend.Sum(s => s.Amount), tenant.Currency),
                counts.Select(group => Summarise(group, SpendOf(group.Key), tenant.Currency)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
        }

        var (total, groups) = await TallyAsync(range);
        Comparison? comparison = null;
        if (request.ComparedRange is { } compared)
        {
            var (then, thenGroups) = await TallyAsync(compared);
            comparison = new Comparison(compared.Period?.ToString(), compared.From, compared.To, then, thenGroups, Change.Between(total, then));
        }

        // Plans set targets per period: a range of days has none to show.
        var targets = range.Period is { } period ? await TargetsAsync(work, period, cancellationToken) : [];
        await Send.OkAsync(new Response(range.Period?.ToString(), grouping, tenant.Currency, total, groups, targets, range.From, range.To, comparison),
            cancellationToken);
    }

    /// <summary>A group's row: its counts, with every conversion between stages and, where its spend is known, what a lead,
    /// an opportunity and a deal cost, and the return on that spend.</summary>
    private static Row Summarise(StageCounts group, decimal? spend, string currency)
    {
        static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : Math.Round(numerator / denominator, 4);
        decimal? Cost(decimal count) => spend is { } s && count > 0 ? Currency.Scaled(s / count, currency) : null;
        var (leads, mql, sal, sql, deals) = (group.Leads, group.Mql, group.Sal, group.Sql, group.DealsWon);
        return new Row(group.Key, leads, mql, sal, sql, deals, Currency.Scaled(group.Revenue, currency), Currency.Scaled(spend, currency),
            Ratio(mql, leads), Ratio(sal, mql), Ratio(sql, sal), Ratio(sql, mql), Ratio(deals, sql), Ratio(deals, leads),
            Cost(leads), Cost(sql), Cost(deals),
            spend is > 0 ? Math.Round((group.Revenue - spend.Value) / spend.Value, 4) : null);
    }

    /// <summary>The metric targets of the plans active in the period, with the period's overrides applied.</summary>
    private static async Task<IReadOnlyList<Target>> TargetsAsync(UnitOfWork work, Period period, CancellationToken cancellationToken)
    {
        var plans = await Plan.InForceAsync(work, period, [Plan.Active], cancellationToken);
        var headcount = (await work.QueryAsync<(string Role, int Count)>(
            "select role, count(*)::int from documents.mt_doc_employee where tenant_id = @TenantId::text and status = 'active' group by role", new { work.TenantId }))
            .ToDictionary(r => r.Role, r => r.Count);

        var targets = new List<Target>();
        foreach (var plan in plans)
        {
            var document = plan.ReadDocument();
            if (!document.Periods.Select(Period.Parse).Contains(period))
                continue;
            foreach (var assignment in document.Assignments)
            {
                var role = assignment.Role?.WireName();
                foreach (var component in assignment.Components)
                {
                    var (metric, value) = component switch
                    {
                        AttainmentComponent a => (a.Metric, (decimal?)a.Target),
                        TeamComponent t => (t.Metric, t.Target),
                        StepComponent s => (s.Metric, s.Target),
                        GateComponent g => (g.Metric, g.Value),
                        _ => (null, null),
                    };
                    if (metric is null || value is null)
                        continue;
                    var overridden = assignment.Overrides.FirstOrDefault(o => o.Component == component.Id && o.Period == period.ToString())?.Target;
                    targets.Add(new Target(plan.Id, plan.Name, role, component.Id, metric, overridden ?? value.Value,
                        role is null ? 0 : headcount.GetValueOrDefault(role)));
                }
            }
        }
        return targets;
    }
}
