using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Reports;

/// <summary><c>GET /reports/funnel</c>: the period's leads (by the tenant's attribution model) and how far they got —
/// MQL, SAL, SQL, deals, revenue — with every stage conversion and, where spend is known (by channel and campaign, and
/// in total), CPL, cost per opportunity, CAC and ROMI; next to the targets of the plans in force for the period.</summary>
public static class FunnelReport
{
    public sealed record Row(string Key, int Leads, int Mql, int Sal, int Sql, int DealsWon, decimal Revenue, decimal? Spend,
        decimal? CrLeadToMql, decimal? CrMqlToSal, decimal? CrSalToSql, decimal? CrMqlToSql, decimal? CrSqlToWon, decimal? CrLeadToWon,
        decimal? Cpl, decimal? CostPerOpportunity, decimal? Cac, decimal? Romi);

    /// <summary>A target of a plan in force: per person, with how many active employees hold the role.</summary>
    public sealed record Target(Guid PlanId, string PlanName, string? Role, string ComponentId, string Metric, decimal Value, int Headcount);

    public sealed record Response(string Period, string GroupBy, string Currency, Row Total, IReadOnlyList<Row> Groups, IReadOnlyList<Target> Targets);

    private static readonly string[] Groupings = ["channel", "campaign", "hypothesis", "employee"];

    private sealed record SpendRow(string Channel, string Campaign, decimal Amount);

    private sealed record PlanRow(Guid Id, string Name, string Document);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(TenantDb db, LeadFactsRefresher facts, CancellationToken cancellationToken, string? period = null,
        string? groupBy = null)
    {
        if (PeriodParameter.Read(period, out var parsed) is { } badPeriod)
            return badPeriod;
        if (ReportQuery.GroupBy(groupBy, Groupings, "channel", out var grouping) is { } badGrouping)
            return badGrouping;

        await facts.CatchUpAsync(db, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        string Key(LeadFact lead) => grouping switch
        {
            "channel" => lead.Channel ?? "",
            "campaign" => lead.Campaign ?? "",
            "hypothesis" => lead.Hypothesis ?? "",
            _ => lead.EmployeeId?.ToString() ?? "",
        };
        var total = new Tally();
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        await foreach (var lead in LeadFact.ReadAsync(work, parsed, tenant, withDeals: true))
        {
            total.Add(lead);
            (CollectionsMarshal.GetValueRefOrAddDefault(tallies, Key(lead), out _) ??= new()).Add(lead);
        }
        var spend = (await work.QueryAsync<SpendRow>("""
            select channel, campaign, sum(amount) as amount from spend
            where tenant_id = @TenantId and currency = @Currency and date >= @start and date < @end
            group by channel, campaign
            """, new { work.TenantId, tenant.Currency, start = parsed.Start, end = parsed.EndExclusive })).ToList();

        decimal? SpendOf(string key) => grouping switch
        {
            "channel" => spend.Where(s => s.Channel == key).Sum(s => s.Amount),
            "campaign" => spend.Where(s => s.Campaign == key && key != "").Sum(s => s.Amount),
            _ => null,
        };
        var groups = tallies.Select(entry => entry.Value.Summarise(entry.Key, SpendOf(entry.Key))).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

        return TypedResults.Ok(new Response(parsed.ToString(), grouping, tenant.Currency, total.Summarise("", spend.Sum(s => s.Amount)), groups,
            await TargetsAsync(work, parsed)));
    }

    /// <summary>A group's leads as they are read: how many reached each stage, and their won deals.</summary>
    private sealed class Tally
    {
        private int _leads, _mql, _sal, _sql, _deals;
        private decimal _revenue;

        public void Add(LeadFact lead)
        {
            _leads++;
            _mql += lead.Mql ? 1 : 0;
            _sal += lead.Sal ? 1 : 0;
            _sql += lead.Sql ? 1 : 0;
            _deals += lead.DealsWon;
            _revenue += lead.Revenue;
        }

        public Row Summarise(string key, decimal? spend)
        {
            static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : Math.Round(numerator / denominator, 4);
            static decimal? Cost(decimal? spend, decimal count) => spend is { } s && count > 0 ? Math.Round(s / count, 2) : null;
            return new Row(key, _leads, _mql, _sal, _sql, _deals, _revenue, spend,
                Ratio(_mql, _leads), Ratio(_sal, _mql), Ratio(_sql, _sal), Ratio(_sql, _mql), Ratio(_deals, _sql), Ratio(_deals, _leads),
                Cost(spend, _leads), Cost(spend, _sql), Cost(spend, _deals),
                spend is > 0 ? Math.Round((_revenue - spend.Value) / spend.Value, 4) : null);
        }
    }

    /// <summary>The metric targets of the plans active in the period, with the period's overrides applied.</summary>
    private static async Task<IReadOnlyList<Target>> TargetsAsync(UnitOfWork work, Period period)
    {
        var plans = await work.QueryAsync<PlanRow>("""
            select id, name, document::text as document from plans
            where tenant_id = @TenantId and status = 'active' and effective_from < @end and (effective_to is null or effective_to >= @start)
            order by effective_from, id
            """, new { work.TenantId, start = period.Start, end = period.EndExclusive });
        var headcount = (await work.QueryAsync<(string Role, int Count)>(
            "select role, count(*)::int from employees where tenant_id = @TenantId and status = 'active' group by role", new { work.TenantId }))
            .ToDictionary(r => r.Role, r => r.Count);

        var targets = new List<Target>();
        foreach (var plan in plans)
        {
            var document = PlanJson.Deserialize(plan.Document);
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
