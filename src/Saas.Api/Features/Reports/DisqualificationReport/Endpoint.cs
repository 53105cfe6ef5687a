using FastEndpoints;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Reports.DisqualificationReport;

/// <summary><c>GET /reports/disqualifications</c>: non-target leads of a period by reason, campaign, hypothesis or
/// channel (the lead's source by the tenant's attribution model), with what handling them cost sales: minutes per
/// non-target lead (tenant setting) × the hourly cost of the people who disqualified them (base salary ÷ working hours
/// a month). Seed 003: 500 leads × 15 min = 125 h; two managers at 100 000 / 160 h → 625 an hour → 78 125, 39 % of their time.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("disqualifications");
        Group<ReportsGroup>();
        Description(route => route.WithName("DisqualificationReport"));
        Summary(summary => summary.Summary = "Disqualified leads and what handling them cost, by reason, campaign, hypothesis or channel");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var range = request.Range;
        var grouping = request.GroupBy ?? "reason";

        await LeadFactsRefresher.CatchUpAsync(db, request.Ranges, withDeals: false, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await TenantProfile.LoadAsync(work);
        var minutes = tenant.Settings.NonTargetLeadMinutes;
        var hoursPerMonth = tenant.Settings.WorkingHoursPerMonth;
        var names = tenant.Settings.DisqualificationReasons.ToDictionary(r => r.Code, r => r.Name);

        async Task<(Totals Totals, List<Group> Groups)> TallyAsync(ReportRange days)
        {
            var counts = await NonTargetCounts.ReadAsync(work, days, tenant, grouping);
            var (leadCount, nonTargetCount) = (counts.Sum(c => c.Leads), counts.Sum(c => c.NonTarget));
            var handlers = counts.SelectMany(c => c.Handlers).Distinct().ToArray();
            var salaries = (await work.Documents.LoadManyAsync<Employee>(cancellationToken, handlers))
                .Where(e => e.Currency == tenant.Currency).Select(e => e.BaseSalary).ToList();
            var total = NonTargetCost.Compute(nonTargetCount, minutes, salaries, hoursPerMonth);

            // By reason only the non-target leads have a group; by source every lead counts.
            var groups = counts
                .Where(group => group.NonTarget > 0 || grouping != "reason")
                .Select(group =>
                {
                    var hours = group.NonTarget * (decimal)minutes / 60m;
                    // By reason, the share is of all non-target leads; by source, of the source's own leads.
                    var share = grouping == "reason" ? (decimal)group.NonTarget / nonTargetCount : (decimal)group.NonTarget / group.Leads;
                    return new Group(group.Key, grouping == "reason" ? names.GetValueOrDefault(group.Key) : null, grouping == "reason" ? 0 : group.Leads,
                        group.NonTarget, share, hours, Currency.Scaled(hours * total.HourlyCost, tenant.Currency));
                })
                .OrderByDescending(g => g.NonTargetLeads).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            return (new Totals(leadCount, nonTargetCount, leadCount == 0 ? 0m : (decimal)nonTargetCount / leadCount, total.Hours,
                Currency.Scaled(total.HourlyCost, tenant.Currency), Currency.Scaled(total.Cost, tenant.Currency), total.ShareOfTime, handlers.Length,
                tenant.Currency), groups);
        }

        var (totals, groups) = await TallyAsync(range);
        Comparison? comparison = null;
        if (request.ComparedRange is { } compared)
        {
            var (then, thenGroups) = await TallyAsync(compared);
            comparison = new Comparison(compared.Period?.ToString(), compared.From, compared.To, then, thenGroups, Change.Between(totals, then));
        }
        await Send.OkAsync(new Response(range.Period?.ToString(), grouping, minutes, hoursPerMonth, totals, groups, range.From, range.To, comparison),
            cancellationToken);
    }
}
