using System.Runtime.InteropServices;
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
        string Key(LeadFact lead) => grouping switch
        {
            "reason" => lead.ReasonCode ?? "",
            "campaign" => lead.Campaign ?? "",
            "hypothesis" => lead.Hypothesis ?? "",
            _ => lead.Channel ?? "",
        };
        var minutes = tenant.Settings.NonTargetLeadMinutes;
        var hoursPerMonth = tenant.Settings.WorkingHoursPerMonth;
        var names = tenant.Settings.DisqualificationReasons.ToDictionary(r => r.Code, r => r.Name);

        async Task<(Totals Totals, List<Group> Groups)> TallyAsync(ReportRange days)
        {
            int leadCount = 0, nonTargetCount = 0;
            var handlerIds = new HashSet<Guid>();
            var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
            await foreach (var lead in LeadFact.ReadAsync(work, days, tenant))
            {
                leadCount++;
                var nonTarget = lead.ReasonCode is not null;
                if (nonTarget)
                {
                    nonTargetCount++;
                    if ((lead.DisqualifiedBy ?? lead.EmployeeId) is { } handler)
                        handlerIds.Add(handler);
                }
                // By reason only the non-target leads have a group; by source every lead counts.
                if (nonTarget || grouping != "reason")
                    (CollectionsMarshal.GetValueRefOrAddDefault(tallies, Key(lead), out _) ??= new()).Add(nonTarget);
            }
            var handlers = handlerIds.ToArray();
            var salaries = (await work.Documents.LoadManyAsync<Employee>(cancellationToken, handlers))
                .Where(e => e.Currency == tenant.Currency).Select(e => e.BaseSalary).ToList();
            var total = NonTargetCost.Compute(nonTargetCount, minutes, salaries, hoursPerMonth);

            var groups = tallies
                .Select(entry =>
                {
                    var (key, tally) = entry;
                    var hours = tally.NonTarget * (decimal)minutes / 60m;
                    // By reason, the share is of all non-target leads; by source, of the source's own leads.
                    var share = grouping == "reason" ? (decimal)tally.NonTarget / nonTargetCount : (decimal)tally.NonTarget / tally.Leads;
                    return new Group(key, grouping == "reason" ? names.GetValueOrDefault(key) : null, grouping == "reason" ? 0 : tally.Leads, tally.NonTarget,
                        share, hours, Currency.Scaled(hours * total.HourlyCost, tenant.Currency));
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

    /// <summary>A group's leads and how many of them were non-target.</summary>
    private sealed class Tally
    {
        public int Leads { get; private set; }

        public int NonTarget { get; private set; }

        public void Add(bool nonTarget)
        {
            Leads++;
            if (nonTarget)
                NonTarget++;
        }
    }
}
