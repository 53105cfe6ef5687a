using Saas.Engine.Common;

namespace Saas.Engine.Generation;

/// <summary>The shape of every proposed plan: the same numbers for every company, so that two plans can be compared and
/// a head of sales learns them once.</summary>
public static class GenerationPolicy
{
    /// <summary>Two years; a plan longer than that is a strategy, not a bonus plan.</summary>
    public const int MaxPeriods = 24;

    /// <summary>No pay below 80 % of a target: the usual floor that keeps a bad month from paying.</summary>
    public const decimal Threshold = 0.8m;

    /// <summary>Volumes and money count up to 150 %, so a windfall month does not eat the budget.</summary>
    public const decimal VolumeCap = 1.5m;

    /// <summary>Ratios and costs count up to 120 %: a conversion 50 % over plan is a measurement problem more often than a feat.</summary>
    public const decimal RatioCap = 1.2m;

    /// <summary>The whole variable pay stops at twice the target.</summary>
    public const decimal MaxVariablePayOfTarget = 2m;

    /// <summary>Seed 000: "за каждые 10 SQL сверх плана +5 % к премии" — a step is a tenth of the plan, at least one unit.</summary>
    public const decimal StepShareOfTarget = 0.1m;

    public const decimal StepRate = 0.05m;
    public const int MaxSteps = 6;

    /// <summary>Seed 000: more MQL than last month earns a premium, a tenth of the target variable pay.</summary>
    public const decimal GrowthBonusOfTarget = 0.1m;

    /// <summary>Seed 003: a first response within the SLA for at least 90 % of leads.</summary>
    public const decimal SlaCompliance = 0.9m;

    /// <summary>Seed 003: every disqualified lead carries a reason.</summary>
    public const decimal ReasonCoverage = 1m;

    /// <summary>A change of more than 50 % (relative) in three months is not a plan but a hope; faster ramps get a warning.</summary>
    public const decimal PlausibleChangePerQuarter = 0.5m;

    /// <summary>The weight a goal's KPI takes when a role's template has no KPI on the goal's metric.</summary>
    public const decimal GoalWeight = 0.3m;

    /// <summary>The weight a KPI takes when the company asks to add it to a role.</summary>
    public const decimal AddedKpiWeight = 0.2m;

    public static IReadOnlyList<decimal> CostAttainments { get; } = [0.8m, 1m, 1.2m];
}

/// <summary>Numbers assumed when the request does not give them. Each use is listed in the plan's assumptions.</summary>
public static class GenerationDefaults
{
    public const decimal GrossMargin = 0.4m;
    public const decimal CrLeadToMql = 0.3m;
    public const decimal CrMqlToSal = 0.6m;
    public const decimal CrSalToSql = 0.5m;
    public const decimal CrSqlToWon = 0.2m;

    /// <summary>Seed 003's worked example: 1 000 leads a month.</summary>
    public const decimal MonthlyLeads = 1000m;

    /// <summary>The maximum CPL is the current one plus 20 %.</summary>
    public const decimal MaxCplOverCurrent = 1.2m;

    public const decimal RenewalRate = 0.85m;
    public const decimal MonthlyChurnRate = 0.02m;

    /// <summary>Seed 003: half the leads were non-target.</summary>
    public const decimal NonTargetShare = 0.5m;

    public const decimal FirstResponseMinutes = 5m;
    public const decimal ComplaintsPerServicePerson = 20m;

    /// <summary>Cross-sales per key account manager per month, as a fraction of an average deal.</summary>
    public const decimal CrossSellOfAverageDeal = 0.5m;

    /// <summary>Seed 001: the client-budget scheme pays a low fixed amount per lead (a tenth of the maximum CPL) and a
    /// modest share of revenue; the own-budget scheme pays more than a lead costs (the lead generator buys the traffic)
    /// and a high share.</summary>
    public const decimal ClientBudgetPerLeadOfMaxCpl = 0.1m;

    public const decimal ClientBudgetRevenueShare = 0.03m;
    public const decimal OwnBudgetPerLeadOfMaxCpl = 1.25m;
    public const decimal OwnBudgetRevenueShare = 0.08m;

    public const LeadGeneratorScheme Scheme = LeadGeneratorScheme.OwnProduct;

    /// <summary>Target variable pay as a fraction of base: sales 40 %, marketing 20–25 %, heads 30 %.</summary>
    public static decimal VariableShare(Role role) => role switch
    {
        Role.SalesManager => 0.4m,
        Role.Sdr or Role.KeyAccountManager or Role.LeadGenerator or Role.HeadOfSales or Role.HeadOfMarketing => 0.3m,
        Role.PerformanceMarketer => 0.25m,
        Role.Marketer or Role.Smm or Role.ContentMarketer => 0.2m,
        Role.CustomerService => 0.15m,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Money defaults exist for these currencies only; other currencies must give salaries, the average deal
    /// and a CPL (or budget), because converting defaults would need an exchange rate the engine does not have.</summary>
    public static bool HasMoneyDefaults(string currency) => currency is "RUB" or "USD" or "EUR";

    public static decimal AverageDealSize(string currency) => currency == "RUB" ? 250_000m : 5_000m;

    public static decimal Cpl(string currency) => currency == "RUB" ? 1_000m : 20m;

    /// <summary>Monthly base salaries; seed 003 pays a sales manager 100 000 RUB.</summary>
    public static decimal BaseSalary(Role role, string currency) => currency == "RUB"
        ? role switch
        {
            Role.Marketer => 120_000m,
            Role.Smm => 90_000m,
            Role.PerformanceMarketer => 140_000m,
            Role.ContentMarketer => 100_000m,
            Role.LeadGenerator => 90_000m,
            Role.Sdr => 80_000m,
            Role.SalesManager => 100_000m,
            Role.KeyAccountManager => 130_000m,
            Role.CustomerService => 70_000m,
            Role.HeadOfMarketing or Role.HeadOfSales => 250_000m,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        }
        : role switch
        {
            Role.Marketer => 4_500m,
            Role.Smm => 3_500m,
            Role.PerformanceMarketer => 5_000m,
            Role.ContentMarketer => 4_000m,
            Role.LeadGenerator => 3_500m,
            Role.Sdr => 3_500m,
            Role.SalesManager => 4_500m,
            Role.KeyAccountManager => 5_000m,
            Role.CustomerService => 3_000m,
            Role.HeadOfMarketing or Role.HeadOfSales => 9_000m,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };
}
