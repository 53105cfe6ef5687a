using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Generation;

/// <summary>Bonus cost at 80, 100 and 120 % attainment, through <see cref="PayoutCalculator"/> itself, so that the estimate
/// and the statements can never disagree on the math. Every KPI is fed the value that gives that attainment (below the
/// target for lower-is-better metrics), gates are fed values that pass, growth compares with the previous month at the same
/// attainment (the current value in the first month), and lead generators get one sourced deal worth their share of revenue.</summary>
internal static class CostEstimator
{
    public static CostEstimate Estimate(TargetSource t, IReadOnlyList<DesignedRole> roles)
    {
        var inputs = t.Inputs;
        var months = t.Months;
        var attainments = GenerationPolicy.CostAttainments;
        var costMonths = new List<CostMonth>();
        for (var k = 0; k < months.Count; k++)
        {
            var scenarios = attainments.Select(a =>
            {
                var roleCosts = roles.Select(r =>
                {
                    var perPerson = Pay(t, r, k, a);
                    return new RoleCost { Role = r.Member.Role, Count = r.Member.Count, PerPerson = perPerson, Total = perPerson * r.Member.Count };
                }).ToList();
                return Scenario(inputs, a, roleCosts.Sum(c => c.Total), months[k].Revenue * a, roleCosts);
            }).ToList();
            costMonths.Add(new CostMonth { Period = inputs.Periods[k].ToString(), Scenarios = scenarios });
        }
        var totals = attainments.Select((a, i) =>
        {
            var byRole = roles.Select(r => (r.Member, PerPerson: costMonths.Sum(m => m.Scenarios[i].Roles.First(c => c.Role == r.Member.Role).PerPerson)))
                .Select(x => new RoleCost { Role = x.Member.Role, Count = x.Member.Count, PerPerson = x.PerPerson, Total = x.PerPerson * x.Member.Count })
                .ToList();
            return Scenario(inputs, a, costMonths.Sum(m => m.Scenarios[i].VariablePay), months.Sum(m => m.Revenue) * a, byRole);
        }).ToList();
        return new CostEstimate { Attainments = attainments, Months = costMonths, Totals = totals };
    }

    private static CostScenario Scenario(Inputs inputs, decimal attainment, decimal pay, decimal revenue, IReadOnlyList<RoleCost> roles)
    {
        var grossProfit = inputs.RoundMoney(revenue * inputs.Margin.Value);
        return new CostScenario
        {
            Attainment = attainment,
            VariablePay = Funnel.Trim(pay),
            Revenue = Funnel.Trim(inputs.RoundMoney(revenue)),
            GrossProfit = Funnel.Trim(grossProfit),
            ShareOfGrossProfit = grossProfit > 0 ? Funnel.Ratio(pay / grossProfit) : null,
            Roles = roles.Select(r => r with { PerPerson = Funnel.Trim(r.PerPerson), Total = Funnel.Trim(r.Total) }).ToList(),
        };
    }

    private static decimal Pay(TargetSource t, DesignedRole role, int k, decimal attainment)
    {
        var inputs = t.Inputs;
        var period = inputs.Periods[k];
        var producers = Math.Max(1, MetricOwners.Producers.Sum(inputs.Count));
        var actuals = new List<(string, decimal)>();
        var previous = new List<(string, decimal)>();
        var groups = new List<KeyValuePair<string, MetricValues>>();
        var deals = new List<CreditedDeal>();

        void Set(List<(string Metric, decimal Value)> values, string metric, decimal value)
        {
            if (values.All(v => v.Metric != metric))
                values.Add((metric, value));
        }

        foreach (var d in role.Drafts.Where(d => d.Kind is ComponentKind.Attainment or ComponentKind.Step))
            Set(actuals, d.Metric, At(d.Metric, d.Targets[k], attainment));
        foreach (var d in role.Drafts)
        {
            switch (d.Kind)
            {
                case ComponentKind.Team:
                    groups.Add(KeyValuePair.Create(d.Group!, MetricValues.Of((d.Metric, At(d.Metric, d.Targets[k], attainment)))));
                    break;
                case ComponentKind.Gate:
                    Set(actuals, d.Metric, d.Value);
                    break;
                case ComponentKind.Growth:
                    var target = role.Drafts.FirstOrDefault(x => x.Metric == d.Metric && x.Targets.Count > 0)?.Targets;
                    var now = target?[k] ?? d.Current ?? 0m;
                    Set(actuals, d.Metric, At(d.Metric, now, attainment));
                    Set(previous, d.Metric, k == 0 ? d.Current ?? 0m : At(d.Metric, target?[k - 1] ?? now, attainment));
                    break;
                case ComponentKind.PerUnit:
                    Set(actuals, d.Metric, At(d.Metric, t.Team(MetricKeys.Leads, k) / producers, attainment));
                    if (d.Condition is { } condition)
                        Set(actuals, condition.Metric, Math.Min(inputs.Cpl.Value, condition.Value));
                    break;
                case ComponentKind.Share:
                    deals.Add(new CreditedDeal
                    {
                        DealId = "plan",
                        Role = DealRole.Sourced,
                        Revenue = t.Team(MetricKeys.Revenue, k) / producers * attainment,
                        ClosedOn = period.Start,
                    });
                    break;
            }
        }
        var result = PayoutCalculator.Calculate(new PayoutInput
        {
            Assignment = role.Assignment,
            Period = period,
            Currency = inputs.Currency,
            Locale = inputs.W.Language == Text.Language.Ru ? "ru" : "en",
            Actuals = MetricValues.Of([.. actuals]),
            PreviousActuals = MetricValues.Of([.. previous]),
            GroupActuals = groups.ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal),
            Deals = deals,
        });
        return result.Total;
    }

    /// <summary>The value that gives <paramref name="attainment"/> against <paramref name="target"/>: above the target for
    /// higher-is-better metrics, below it for lower-is-better ones (attainment = 2 − actual ÷ target), within a proportion's range.</summary>
    public static decimal At(string metric, decimal target, decimal attainment)
    {
        var definition = MetricCatalogue.Get(metric);
        var value = definition.HigherIsBetter ? target * attainment : target * (2m - attainment);
        return definition.MaxValue is { } max ? Math.Min(Math.Max(value, 0m), max) : Math.Max(value, 0m);
    }
}
