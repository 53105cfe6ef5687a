using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Generation;

public class SeedExampleTests
{
    private readonly GeneratedPlan _plan = PlanGenerator.Generate(GenKit.Seed);

    [Fact]
    public void Plan_is_sound()
    {
        Assert.Empty(GenKit.Seed.Validate());
        GenKit.AssertSound(GenKit.Seed, _plan);
        Assert.Equal(["2026-12", "2027-01", "2027-02"], _plan.Document.Periods);
    }

    [Fact]
    public void Sales_managers_get_the_conversion_ramped_month_by_month()
    {
        var sales = _plan.Roles.Single(r => r.Role == Role.SalesManager);
        var cr = sales.Kpis.Single(k => k.Metric == MetricKeys.CrLeadToWon);
        Assert.Equal([0.1667m, 0.1833m, 0.2m], cr.Targets.Select(t => t.Value));
        Assert.Equal(["2026-12", "2027-01", "2027-02"], cr.Targets.Select(t => t.Period));
        Assert.Equal(GenKit.CrGoal.Text, cr.Goal);

        var assignment = _plan.Document.Assignments.Single(a => a.Role == Role.SalesManager);
        var component = Assert.IsType<AttainmentComponent>(assignment.Components.Single(c => c.Id == cr.ComponentId));
        Assert.Equal(0.1667m, component.Target);
        Assert.Equal(GenerationPolicy.Threshold, component.Threshold);
        Assert.Equal([("2027-01", 0.1833m), ("2027-02", 0.2m)],
            assignment.Overrides.Where(o => o.Component == cr.ComponentId).Select(o => (o.Period, o.Target!.Value)));
    }

    [Fact]
    public void Rationale_is_russian_with_the_monthly_targets()
    {
        var cr = _plan.Roles.Single(r => r.Role == Role.SalesManager).Kpis.Single(k => k.Metric == MetricKeys.CrLeadToWon);
        Assert.StartsWith("Конверсия лид→сделка — главный рычаг цели «увеличить CR с 15% до 20% за 3 месяца»: рост с 15\u00A0% до 20\u00A0% за 3\u00A0месяца.",
            cr.Rationale);
        Assert.Contains("Цели по месяцам 16,7\u00A0% → 18,3\u00A0% → 20\u00A0%.", cr.Rationale);
        Assert.All(_plan.Roles.SelectMany(r => r.Kpis), k => Assert.Matches("[а-яА-Я]", k.Rationale));
        Assert.All(_plan.Assumptions, a => Assert.Matches("[а-яА-Я]", a.Text));
    }

    [Fact]
    public void Sales_bonus_sits_behind_the_sla_and_reason_gates_with_a_sliding_step()
    {
        var sales = _plan.Document.Assignments.Single(a => a.Role == Role.SalesManager);
        var sla = Assert.IsType<GateComponent>(sales.Components.Single(c => c.Id == "sla_gate"));
        Assert.Equal((MetricKeys.FirstResponseCompliance, ComparisonOperator.AtLeast, 0.9m), (sla.Metric, sla.Operator, sla.Value));
        var reasons = Assert.IsType<GateComponent>(sales.Components.Single(c => c.Id == "reasons_gate"));
        Assert.Equal((MetricKeys.DisqualificationReasonCoverage, 1m), (reasons.Metric, reasons.Value));
        var step = Assert.IsType<StepComponent>(sales.Components.Single(c => c.Kind == ComponentKind.Step));
        Assert.Equal(0.05m, step.Rate);
    }

    [Fact]
    public void Marketing_and_sales_share_mql_to_sql_and_marketers_earn_for_growth()
    {
        foreach (var role in new[] { Role.Marketer, Role.Smm, Role.SalesManager })
        {
            var team = _plan.Document.Assignments.Single(a => a.Role == role).Components.OfType<TeamComponent>().Single();
            Assert.Equal(MetricKeys.CrMqlToSql, team.Metric);
        }
        var marketer = _plan.Document.Assignments.Single(a => a.Role == Role.Marketer);
        Assert.Contains(marketer.Components, c => c is GrowthComponent { Metric: MetricKeys.Mql });
        Assert.Contains(marketer.Components, c => c is AttainmentComponent { Metric: MetricKeys.Cpl });
    }

    [Fact]
    public void Cost_rises_with_attainment_and_is_weighed_against_gross_profit()
    {
        var totals = _plan.Cost.Totals;
        Assert.Equal([0.8m, 1m, 1.2m], totals.Select(t => t.Attainment));
        Assert.True(totals[0].VariablePay < totals[1].VariablePay && totals[1].VariablePay < totals[2].VariablePay);
        Assert.All(totals, t => Assert.NotNull(t.ShareOfGrossProfit));
        var month = _plan.Cost.Months[0].Scenarios[1];
        Assert.Equal(month.VariablePay, month.Roles.Sum(r => r.Total));
        Assert.Equal(3, month.Roles.Single(r => r.Role == Role.SalesManager).Count);
    }

    [Fact]
    public void Every_kpi_has_a_smart_check()
    {
        Assert.Equal(_plan.Roles.Sum(r => r.Kpis.Count), _plan.Smart.Count);
        var cr = _plan.Smart.Single(s => s.Role == Role.SalesManager && s.Metric == MetricKeys.CrLeadToWon);
        Assert.True(cr.Passed, string.Join("; ", cr.Criteria.Select(c => c.Reason)));
        Assert.Equal(5, cr.Criteria.Count);
    }
}
