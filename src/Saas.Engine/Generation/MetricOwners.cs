using Saas.Engine.Common;
using Saas.Engine.Metrics;

namespace Saas.Engine.Generation;

/// <summary>Which roles can answer for a metric. A goal on a metric goes to every role of the team that owns it; a goal
/// no role of the team can own is refused, because nobody would be paid for reaching it.</summary>
public static class MetricOwners
{
    private static readonly Role[] Marketing = [Role.Marketer, Role.Smm, Role.PerformanceMarketer, Role.ContentMarketer];

    /// <summary>The roles that produce leads and MQL: marketing and the lead generator. They split the team's volumes per head.</summary>
    public static IReadOnlyList<Role> Producers { get; } = [.. Marketing, Role.LeadGenerator];

    /// <summary>Roles that share the MQL→SQL conversion as a team KPI when marketing and sales are both in the team.</summary>
    public static IReadOnlyList<Role> MarketingRoles => Marketing;

    public static IReadOnlyList<Role> Of(string metric, LeadGeneratorScheme scheme)
    {
        IReadOnlyList<Role> owners = metric switch
        {
            MetricKeys.Leads or MetricKeys.Mql or MetricKeys.CrLeadToMql or MetricKeys.Cpl or MetricKeys.NonTargetShare
                => [.. Marketing, Role.LeadGenerator, Role.HeadOfMarketing],
            MetricKeys.Sal or MetricKeys.CrMqlToSal or MetricKeys.CrSalToSql => [Role.Sdr, Role.SalesManager],
            MetricKeys.Sql => [Role.Sdr, Role.LeadGenerator, Role.SalesManager, Role.HeadOfMarketing],
            MetricKeys.CrMqlToSql => [.. Marketing, Role.Sdr, Role.SalesManager, Role.HeadOfMarketing],
            MetricKeys.DealsWon or MetricKeys.NewCustomers or MetricKeys.Revenue or MetricKeys.GrossProfit or MetricKeys.OperatingProfit
                or MetricKeys.CrSqlToWon or MetricKeys.CrLeadToWon => [Role.SalesManager, Role.HeadOfSales],
            MetricKeys.CostPerOpportunity => [Role.PerformanceMarketer, Role.LeadGenerator, Role.HeadOfMarketing],
            MetricKeys.Cac => [Role.HeadOfMarketing, Role.HeadOfSales],
            MetricKeys.Romi => [Role.PerformanceMarketer, Role.HeadOfMarketing],
            MetricKeys.FirstResponseCompliance or MetricKeys.FirstResponseMinutesMedian or MetricKeys.DisqualificationReasonCoverage
                => [Role.Sdr, Role.SalesManager, Role.HeadOfSales],
            MetricKeys.Renewals or MetricKeys.RenewalRate or MetricKeys.CrossSellRevenue => [Role.KeyAccountManager, Role.HeadOfSales],
            MetricKeys.ChurnRate => [Role.KeyAccountManager, Role.CustomerService],
            MetricKeys.ComplaintsRegistered => [Role.CustomerService],
            // Spend is the budget, an input of the funnel, not something to pay anyone for raising.
            _ => [],
        };
        // A lead generator paid per lead and by revenue share answers for leads through the per-lead pay only.
        return scheme == LeadGeneratorScheme.OwnProduct || metric == MetricKeys.Leads
            ? owners
            : owners.Where(r => r != Role.LeadGenerator).ToList();
    }
}
