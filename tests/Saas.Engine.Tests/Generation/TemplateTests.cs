using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Generation;

public class TemplateTests
{
    public static TheoryData<Role> AllRoles() => [.. Enum.GetValues<Role>()];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Every_role_alone_gets_a_valid_plan(Role role)
    {
        var request = GenKit.Team((role, 2));
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        Assert.All(plan.Roles.Single().Kpis, k => Assert.False(string.IsNullOrWhiteSpace(k.Rationale)));
    }

    [Fact]
    public void The_whole_team_gets_a_valid_plan()
    {
        var request = GenKit.Team([.. Enum.GetValues<Role>().Select(r => (r, 1))]);
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        Assert.Equal(Enum.GetValues<Role>().Length, plan.Document.Assignments.Count);
    }

    [Theory]
    [InlineData(Role.Marketer, new[] { "mql", "cpl", "mql_growth" })]
    [InlineData(Role.PerformanceMarketer, new[] { "mql", "cpl", "mql_growth" })]
    [InlineData(Role.ContentMarketer, new[] { "mql", "cr_lead_to_mql", "mql_growth" })]
    [InlineData(Role.Sdr, new[] { "sal", "sql", "first_response_compliance", "reasons_gate" })]
    [InlineData(Role.SalesManager, new[] { "revenue", "cr_sql_to_won", "deals_over_plan", "sla_gate", "reasons_gate" })]
    [InlineData(Role.KeyAccountManager, new[] { "renewal_rate", "cross_sell_revenue", "churn_rate" })]
    [InlineData(Role.CustomerService, new[] { "churn_rate", "complaints_registered" })]
    [InlineData(Role.HeadOfSales, new[] { "revenue", "cr_sql_to_won", "cac" })]
    [InlineData(Role.HeadOfMarketing, new[] { "mql", "sql", "cac", "romi" })]
    public void Templates_follow_the_seeds(Role role, string[] ids)
    {
        var plan = PlanGenerator.Generate(GenKit.Team((role, 1)));
        Assert.Equal(ids, plan.Document.Assignments.Single().Components.Select(c => c.Id));
    }

    [Fact]
    public void Lower_is_better_kpis_read_the_catalogue()
    {
        var plan = PlanGenerator.Generate(GenKit.Team((Role.CustomerService, 2), (Role.KeyAccountManager, 1)));
        Assert.False(MetricCatalogue.Get(MetricKeys.ChurnRate).HigherIsBetter);
        Assert.True(MetricCatalogue.Get(MetricKeys.ComplaintsRegistered).HigherIsBetter);
        var service = plan.Roles.Single(r => r.Role == Role.CustomerService);
        Assert.Contains("2 −", service.Kpis.Single(k => k.Metric == MetricKeys.ChurnRate).Formula);
        Assert.DoesNotContain("2 −", service.Kpis.Single(k => k.Metric == MetricKeys.ComplaintsRegistered).Formula);
    }

    private static Assignment LeadGenerator(LeadGeneratorScheme scheme) =>
        PlanGenerator.Generate(GenKit.Team((Role.LeadGenerator, 1), (Role.SalesManager, 1)) with
        {
            Economics = new Economics { LeadGeneratorScheme = scheme, MaxCpl = 2_000m },
        }).Document.Assignments.Single(a => a.Role == Role.LeadGenerator);

    [Fact]
    public void Own_product_lead_generator_has_lead_and_sql_targets()
    {
        var a = LeadGenerator(LeadGeneratorScheme.OwnProduct);
        Assert.Equal([MetricKeys.Leads, MetricKeys.Sql, MetricKeys.Cpl], a.Components.OfType<AttainmentComponent>().Select(c => c.Metric));
        Assert.DoesNotContain(a.Components, c => c is PerUnitComponent or ShareComponent);
    }

    [Fact]
    public void Client_budget_pays_a_low_fixed_per_lead_under_the_cpl_limit_and_a_share()
    {
        var a = LeadGenerator(LeadGeneratorScheme.ClientBudget);
        var perLead = a.Components.OfType<PerUnitComponent>().Single();
        Assert.Equal(MetricKeys.Leads, perLead.Metric);
        Assert.Equal(new MetricCondition(MetricKeys.Cpl, ComparisonOperator.AtMost, 2_000m), perLead.Condition);
        Assert.Equal(200m, perLead.Rate);
        var share = a.Components.OfType<ShareComponent>().Single();
        Assert.Equal((ShareMeasure.Revenue, ShareCredit.Sourced, 0.03m), (share.Measure, share.Credit, share.Rate!.Value));
        Assert.True(a.BaseSalary > 0);
    }

    [Fact]
    public void Own_budget_pays_a_high_fixed_per_lead_without_limit_and_a_higher_share()
    {
        var client = LeadGenerator(LeadGeneratorScheme.ClientBudget);
        var own = LeadGenerator(LeadGeneratorScheme.OwnBudget);
        var perLead = own.Components.OfType<PerUnitComponent>().Single();
        Assert.Null(perLead.Condition);
        Assert.True(perLead.Rate > client.Components.OfType<PerUnitComponent>().Single().Rate);
        Assert.True(own.Components.OfType<ShareComponent>().Single().Rate > client.Components.OfType<ShareComponent>().Single().Rate);
        Assert.Equal(0m, own.BaseSalary);
        Assert.NotNull(own.TargetVariablePay.Amount);
    }

    [Fact]
    public void A_goal_on_a_metric_the_template_lacks_is_added_and_weights_still_add_up()
    {
        var request = GenKit.Team((Role.Marketer, 1), (Role.SalesManager, 1)) with
        {
            Goals =
            [
                new Saas.Engine.Assistant.Goal
                {
                    Metric = MetricKeys.Leads, Direction = Saas.Engine.Assistant.GoalDirection.Increase, Unit = Saas.Engine.Assistant.GoalUnit.Count,
                    From = 1_000m, To = 1_200m, HorizonMonths = 3, Text = "leads from 1000 to 1200",
                },
            ],
        };
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        var marketer = plan.Document.Assignments.Single(a => a.Role == Role.Marketer);
        var leads = marketer.Components.OfType<AttainmentComponent>().Single(c => c.Metric == MetricKeys.Leads);
        Assert.Equal(GenerationPolicy.GoalWeight, leads.Weight);
        Assert.Equal(MetricKeys.Leads, plan.Funnel.Driver);
    }

    [Fact]
    public void Marketing_that_does_not_pay_back_gets_no_romi_kpi_and_a_warning()
    {
        var request = GenKit.Team((Role.HeadOfMarketing, 1)) with { Economics = new Economics { CurrentCpl = 50_000m } };
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        Assert.DoesNotContain(plan.Document.Assignments.Single().Components, c => c.Id == MetricKeys.Romi);
        Assert.Contains(plan.Warnings, w => w.Code == "romi_not_positive");
    }
}
