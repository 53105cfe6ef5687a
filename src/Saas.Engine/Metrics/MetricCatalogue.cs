using System.Diagnostics.CodeAnalysis;
using static Saas.Engine.Metrics.EventTypes;

namespace Saas.Engine.Metrics;

/// <summary>The metric keys plans refer to. The stage-conversion keys are shared with other components; keep them.</summary>
public static class MetricKeys
{
    public const string Leads = "leads";
    public const string Mql = "mql";
    public const string Sal = "sal";
    public const string Sql = "sql";
    public const string DealsWon = "deals_won";
    public const string Revenue = "revenue";
    public const string GrossProfit = "gross_profit";
    public const string OperatingProfit = "operating_profit";
    public const string CrLeadToMql = "cr_lead_to_mql";
    public const string CrMqlToSal = "cr_mql_to_sal";
    public const string CrSalToSql = "cr_sal_to_sql";
    public const string CrMqlToSql = "cr_mql_to_sql";
    public const string CrSqlToWon = "cr_sql_to_won";
    public const string CrLeadToWon = "cr_lead_to_won";
    public const string Spend = "spend";
    public const string Cpl = "cpl";
    public const string CostPerOpportunity = "cost_per_opportunity";
    public const string NewCustomers = "new_customers";
    public const string Cac = "cac";
    public const string Romi = "romi";
    public const string FirstResponseCompliance = "first_response_compliance";
    public const string FirstResponseMinutesMedian = "first_response_minutes_median";
    public const string DisqualificationReasonCoverage = "disqualification_reason_coverage";
    public const string NonTargetShare = "non_target_share";
    public const string Renewals = "renewals";
    public const string RenewalRate = "renewal_rate";
    public const string CrossSellRevenue = "cross_sell_revenue";
    public const string ChurnRate = "churn_rate";
    public const string ComplaintsRegistered = "complaints_registered";
}

/// <summary>Every metric a plan may name. Ratios are fractions (0.22 = 22 %); money is in the plan's currency;
/// a metric is per employee, team, channel, campaign or hypothesis and per period, as the caller measures it.</summary>
public static class MetricCatalogue
{
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        Count(MetricKeys.Leads, "Leads", "Лиды",
            "Leads created in the period and credited to the employee by the tenant's attribution model.",
            "Лиды, созданные за период и засчитанные сотруднику по модели атрибуции компании.",
            [LeadCreated, LeadTouch]),
        Count(MetricKeys.Mql, "MQL", "MQL",
            "Leads that became marketing qualified in the period.",
            "Лиды, признанные маркетингом квалифицированными (MQL) за период.",
            [LeadMql]),
        Count(MetricKeys.Sal, "SAL", "SAL",
            "MQL accepted by sales in the period.",
            "MQL, принятые отделом продаж (SAL) за период.",
            [LeadSal]),
        Count(MetricKeys.Sql, "SQL", "SQL",
            "Sales qualified leads (opportunities) in the period.",
            "Лиды, квалифицированные продажами (SQL, возможности) за период.",
            [LeadSql]),
        Count(MetricKeys.DealsWon, "Deals won", "Выигранные сделки",
            "Deals won in the period, less deals refunded in it.",
            "Сделки, выигранные за период, за вычетом возвращённых в нём.",
            [DealWon, DealRefunded]),
        Money(MetricKeys.Revenue, "Revenue", "Выручка",
            "Amounts of deals won in the period, less amounts refunded in it.",
            "Суммы сделок, выигранных за период, за вычетом возвратов в нём.",
            [DealWon, DealRefunded]),
        Money(MetricKeys.GrossProfit, "Gross profit", "Валовая прибыль",
            "Revenue of won deals less their cost of goods, as the CRM reports it per deal or per period.",
            "Выручка выигранных сделок минус себестоимость — по данным CRM за сделку или за период.",
            [DealWon, DealRefunded]),
        Money(MetricKeys.OperatingProfit, "Operating profit", "Операционная прибыль",
            "Gross profit of won deals less the operating costs attributed to them, as the CRM reports it.",
            "Валовая прибыль выигранных сделок минус отнесённые на них операционные расходы — по данным CRM.",
            [DealWon, DealRefunded]),

        Conversion(MetricKeys.CrLeadToMql, "Lead→MQL conversion", "Конверсия лид→MQL", MetricKeys.Mql, MetricKeys.Leads, [LeadCreated, LeadMql]),
        Conversion(MetricKeys.CrMqlToSal, "MQL→SAL conversion", "Конверсия MQL→SAL", MetricKeys.Sal, MetricKeys.Mql, [LeadMql, LeadSal]),
        Conversion(MetricKeys.CrSalToSql, "SAL→SQL conversion", "Конверсия SAL→SQL", MetricKeys.Sql, MetricKeys.Sal, [LeadSal, LeadSql]),
        Conversion(MetricKeys.CrMqlToSql, "MQL→SQL conversion", "Конверсия MQL→SQL", MetricKeys.Sql, MetricKeys.Mql, [LeadMql, LeadSql]),
        Conversion(MetricKeys.CrSqlToWon, "SQL→deal conversion", "Конверсия SQL→сделка", MetricKeys.DealsWon, MetricKeys.Sql, [LeadSql, DealWon]),
        Conversion(MetricKeys.CrLeadToWon, "Lead→deal conversion", "Конверсия лид→сделка", MetricKeys.DealsWon, MetricKeys.Leads, [LeadCreated, DealWon]),

        Money(MetricKeys.Spend, "Ad spend", "Рекламный бюджет",
            "Spend entries of the period (channels and campaigns credited to the employee).",
            "Расходы на рекламу за период (каналы и кампании, закреплённые за сотрудником).",
            [], usesSpend: true),
        Cost(MetricKeys.Cpl, "Cost per lead (CPL)", "Стоимость лида (CPL)", MetricKeys.Leads, [LeadCreated]),
        Cost(MetricKeys.CostPerOpportunity, "Cost per opportunity", "Стоимость возможности (SQL)", MetricKeys.Sql, [LeadSql]),
        Count(MetricKeys.NewCustomers, "New customers", "Новые клиенты",
            "Accounts whose first deal was won in the period.",
            "Клиенты, чья первая сделка выиграна за период.",
            [DealWon]),
        Cost(MetricKeys.Cac, "Customer acquisition cost (CAC)", "Стоимость привлечения клиента (CAC)", MetricKeys.NewCustomers, [DealWon]),
        new MetricDefinition
        {
            Key = MetricKeys.Romi,
            Name = new("ROMI", "ROMI"),
            Definition = new("(gross profit − spend) ÷ spend, as a fraction: 2.5 means 250 %.",
                "(валовая прибыль − расходы) ÷ расходы, долей: 2,5 — это 250 %."),
            Unit = MetricUnit.Ratio,
            Direction = MetricDirection.HigherIsBetter,
            Events = [DealWon, DealRefunded],
            UsesSpend = true,
        },

        Proportion(MetricKeys.FirstResponseCompliance, "First-response SLA compliance", "Первый ответ в срок (SLA)",
            "Leads that got a first response within the tenant's SLA minutes of working time ÷ leads assigned in the period.",
            "Лиды, получившие первый ответ в пределах SLA (в рабочем времени) ÷ лиды, назначенные за период.",
            MetricDirection.HigherIsBetter, [LeadCreated, LeadAssigned, LeadFirstResponse]),
        new MetricDefinition
        {
            Key = MetricKeys.FirstResponseMinutesMedian,
            Name = new("Median first-response time", "Медиана времени первого ответа"),
            Definition = new("Median working-time minutes from a lead's assignment to its first response.",
                "Медиана рабочих минут от назначения лида до первого ответа."),
            Unit = MetricUnit.Minutes,
            Direction = MetricDirection.LowerIsBetter,
            Events = [LeadCreated, LeadAssigned, LeadFirstResponse],
        },
        Proportion(MetricKeys.DisqualificationReasonCoverage, "Disqualified leads with a reason", "Отказы с указанной причиной",
            "Disqualified leads that carry a reason code ÷ leads disqualified in the period (1 when none were disqualified).",
            "Дисквалифицированные лиды с кодом причины ÷ все дисквалифицированные за период (1, если отказов не было).",
            MetricDirection.HigherIsBetter, [LeadDisqualified]),
        Proportion(MetricKeys.NonTargetShare, "Non-target lead share", "Доля нецелевых лидов",
            "Leads disqualified as non-target ÷ leads created in the period.",
            "Лиды, отклонённые как нецелевые ÷ лиды, созданные за период.",
            MetricDirection.LowerIsBetter, [LeadCreated, LeadDisqualified]),

        Count(MetricKeys.Renewals, "Renewals", "Продления",
            "Accounts renewed (prolonged) in the period.",
            "Продлённые за период договоры клиентов.",
            [AccountRenewed]),
        Proportion(MetricKeys.RenewalRate, "Renewal rate", "Доля продлений",
            "Accounts renewed ÷ accounts that came up for renewal in the period (renewed + churned).",
            "Продлённые клиенты ÷ клиенты, у которых за период подошёл срок продления (продлённые + ушедшие).",
            MetricDirection.HigherIsBetter, [AccountRenewed, AccountChurned]),
        Money(MetricKeys.CrossSellRevenue, "Cross-sell revenue", "Выручка от кросс-продаж",
            "Amounts of cross-sales to existing accounts in the period.",
            "Суммы дополнительных продаж существующим клиентам за период.",
            [AccountCrossSold]),
        Proportion(MetricKeys.ChurnRate, "Churn rate", "Отток клиентов",
            "Accounts churned in the period ÷ accounts active at its start.",
            "Клиенты, ушедшие за период ÷ активные клиенты на его начало.",
            MetricDirection.LowerIsBetter, [AccountChurned, AccountRenewed, DealWon]),
        Count(MetricKeys.ComplaintsRegistered, "Complaints registered", "Зарегистрированные жалобы",
            "Complaints customer service recorded in the period. Higher is better: the KPI rewards recording every complaint, not receiving them.",
            "Жалобы, зарегистрированные клиентским сервисом за период. Чем больше, тем лучше: KPI поощряет фиксацию каждой жалобы, а не их поступление.",
            [ComplaintRegistered]),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByKey = All.ToDictionary(m => m.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Keys => ByKey.Keys;

    public static bool TryGet(string? key, [MaybeNullWhen(false)] out MetricDefinition definition)
    {
        definition = null;
        return key is not null && ByKey.TryGetValue(key, out definition);
    }

    public static MetricDefinition Get(string key) =>
        TryGet(key, out var definition) ? definition : throw new ArgumentException($"Unknown metric '{key}'.", nameof(key));

    private static MetricDefinition Count(string key, string en, string ru, string definitionEn, string definitionRu, string[] events) =>
        new()
        {
            Key = key,
            Name = new(en, ru),
            Definition = new(definitionEn, definitionRu),
            Unit = MetricUnit.Count,
            Direction = MetricDirection.HigherIsBetter,
            Events = events,
        };

    private static MetricDefinition Money(string key, string en, string ru, string definitionEn, string definitionRu, string[] events,
        bool usesSpend = false) =>
        new()
        {
            Key = key,
            Name = new(en, ru),
            Definition = new(definitionEn, definitionRu),
            Unit = MetricUnit.Money,
            Direction = MetricDirection.HigherIsBetter,
            Events = events,
            UsesSpend = usesSpend,
        };

    private static MetricDefinition Conversion(string key, string en, string ru, string numerator, string denominator, string[] events) =>
        new()
        {
            Key = key,
            Name = new(en, ru),
            Definition = new($"{numerator} ÷ {denominator} of the period, as a fraction (0.2 = 20 %).",
                $"{numerator} ÷ {denominator} за период, долей (0,2 = 20 %)."),
            Unit = MetricUnit.Ratio,
            Direction = MetricDirection.HigherIsBetter,
            Events = events,
            Numerator = numerator,
            Denominator = denominator,
            MaxValue = 1m,
        };

    // Spend divided by a count: lower is better.
    private static MetricDefinition Cost(string key, string en, string ru, string denominator, string[] events) =>
        new()
        {
            Key = key,
            Name = new(en, ru),
            Definition = new($"spend ÷ {denominator} of the period.", $"расходы ÷ {denominator} за период."),
            Unit = MetricUnit.Money,
            Direction = MetricDirection.LowerIsBetter,
            Events = events,
            UsesSpend = true,
            Numerator = MetricKeys.Spend,
            Denominator = denominator,
        };

    private static MetricDefinition Proportion(string key, string en, string ru, string definitionEn, string definitionRu,
        MetricDirection direction, string[] events) =>
        new()
        {
            Key = key,
            Name = new(en, ru),
            Definition = new(definitionEn, definitionRu),
            Unit = MetricUnit.Ratio,
            Direction = direction,
            Events = events,
            MaxValue = 1m,
        };
}
