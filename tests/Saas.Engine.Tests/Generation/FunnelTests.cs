using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Generation;

public class FunnelTests
{
    private static Goal Revenue(string? currency = "RUB") => new()
    {
        Metric = MetricKeys.Revenue,
        Direction = GoalDirection.Reach,
        Unit = GoalUnit.Money,
        To = 30_000_000m,
        Currency = currency,
        HorizonMonths = 3,
        Text = "revenue 30M RUB per quarter",
    };

    private static GenerationRequest Request(Goal goal, decimal? budget = 1_000_000m) => new()
    {
        Team =
        [
            new TeamRole { Role = Role.Marketer, Count = 2 },
            new TeamRole { Role = Role.SalesManager, Count = 2 },
        ],
        Goals = [goal],
        Economics = new Economics
        {
            AverageDealSize = 200_000m,
            GrossMargin = 0.5m,
            CrLeadToMql = 0.25m,
            CrMqlToSql = 0.4m,
            CrSqlToWon = 0.25m,
            MonthlyLeads = 1_500m,
            CurrentCpl = 600m,
            MonthlyMarketingBudget = budget,
        },
        Periods = GenKit.SeedPeriods,
        Language = Language.En,
        Currency = "RUB",
    };

    [Fact]
    public void Revenue_goal_is_walked_down_the_funnel_to_a_budget()
    {
        var plan = PlanGenerator.Generate(Request(Revenue()));
        GenKit.AssertSound(Request(Revenue()), plan);

        // 30 000 000 per quarter ÷ 3 = 10 000 000 a month
        // deals  = 10 000 000 ÷ 200 000 = 50
        // SQL    = 50 ÷ 0.25 = 200
        // MQL    = 200 ÷ 0.4 = 500
        // leads  = 500 ÷ 0.25 = 2 000
        // budget = 2 000 × 600 = 1 200 000 (1 000 000 given: 200 000 short)
        Assert.Equal(MetricKeys.Revenue, plan.Funnel.Driver);
        Assert.All(plan.Funnel.Months, m =>
        {
            Assert.Equal((10_000_000m, 50m, 200m, 500m, 2_000m, 1_200_000m), (m.Revenue, m.Deals, m.Sql, m.Mql, m.Leads, m.Budget));
            Assert.Equal(5_000_000m, m.GrossProfit);
            Assert.Equal(1_000_000m, m.AvailableBudget);
        });
        Assert.Contains(plan.Assumptions, a => a.Key == "goals[0].monthly" && a.Value == "10000000");

        // Per person: revenue 10 000 000 ÷ 2 sales managers, MQL 500 ÷ 2 marketers.
        var sales = plan.Roles.Single(r => r.Role == Role.SalesManager);
        var revenue = sales.Kpis.Single(k => k.Metric == MetricKeys.Revenue);
        Assert.All(revenue.Targets, t => Assert.Equal(5_000_000m, t.Value));
        Assert.Equal("revenue 30M RUB per quarter", revenue.Goal);
        var mql = plan.Roles.Single(r => r.Role == Role.Marketer).Kpis.Single(k => k.Id() == MetricKeys.Mql);
        Assert.All(mql.Targets, t => Assert.Equal(250m, t.Value));

        // The budget buys 1 000 000 ÷ 600 = 1 666.67 leads; 50 deals of them need 50 ÷ 1 666.67 = 3 % lead→deal against
        // 0.25 × 0.4 × 0.25 = 2.5 % now: +20 %, within the plausible 50 %.
        var warning = Assert.Single(plan.Warnings, w => w.Code == "budget_short");
        Assert.Contains("1,200,000 RUB", warning.Message);
        Assert.Contains("200,000 RUB short", warning.Message);
        Assert.Contains("3%", warning.Message);
        Assert.DoesNotContain(plan.Warnings, w => w.Code == "implausible_conversion");
    }

    [Fact]
    public void A_budget_far_too_short_asks_for_an_implausible_conversion()
    {
        var plan = PlanGenerator.Generate(Request(Revenue(), budget: 500_000m));
        Assert.Contains(plan.Warnings, w => w.Code == "budget_short");
        Assert.Contains(plan.Warnings, w => w.Code == "implausible_conversion");
    }

    [Fact]
    public void No_budget_given_means_no_budget_warning()
    {
        var plan = PlanGenerator.Generate(Request(Revenue(), budget: null));
        Assert.DoesNotContain(plan.Warnings, w => w.Code == "budget_short");
        Assert.Equal(1_200_000m, plan.Funnel.Months[0].Budget);
    }

    [Fact]
    public void A_goal_in_another_currency_is_a_warning_not_a_crash()
    {
        var request = Request(Revenue("USD"));
        Assert.Empty(request.Validate());
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        Assert.Contains(plan.Warnings, w => w.Code == "goal_currency_mismatch" && w.Message.Contains("USD"));
        Assert.Equal(MetricKeys.Leads, plan.Funnel.Driver);
    }

    [Fact]
    public void A_conversion_goal_shows_what_the_same_leads_produce()
    {
        var request = Request(new Goal
        {
            Metric = MetricKeys.CrSqlToWon,
            Direction = GoalDirection.Increase,
            Unit = GoalUnit.Ratio,
            From = 0.25m,
            To = 0.3m,
            HorizonMonths = 2,
            Text = "SQL→deal from 25% to 30% in 2 months",
        }, budget: null);
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);

        // 1 500 leads × 0.25 = 375 MQL × 0.4 = 150 SQL; × 0.275 = 41.25 → 41 deals, then × 0.3 = 45 deals.
        Assert.Equal([0.275m, 0.3m, 0.3m], plan.Funnel.Months.Select(m => m.CrSqlToWon));
        Assert.Equal([41m, 45m, 45m], plan.Funnel.Months.Select(m => m.Deals));
        Assert.All(plan.Funnel.Months, m => Assert.Equal(1_500m, m.Leads));
        var cr = plan.Roles.Single(r => r.Role == Role.SalesManager).Kpis.Single(k => k.Metric == MetricKeys.CrSqlToWon);
        Assert.Equal([0.275m, 0.3m, 0.3m], cr.Targets.Select(t => t.Value));
    }

    [Fact]
    public void A_goal_beyond_the_plausible_pace_is_flagged()
    {
        var request = Request(new Goal
        {
            Metric = MetricKeys.CrSqlToWon,
            Direction = GoalDirection.Increase,
            Unit = GoalUnit.Ratio,
            From = 0.1m,
            To = 0.3m,
            HorizonMonths = 3,
            Text = "triple SQL→deal in a quarter",
        });
        var plan = PlanGenerator.Generate(request);
        Assert.Contains(plan.Warnings, w => w.Code == "implausible_goal");
        Assert.Contains(plan.Smart, s => s.Metric == MetricKeys.CrSqlToWon && !s.Passed);
    }
}

internal static class KpiExtensions
{
    public static string Id(this KpiProposal kpi) => kpi.ComponentId;
}
