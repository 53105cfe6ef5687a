using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Generation;

/// <summary>The KPIs each role starts with, after the seeds: marketing is paid for MQL, their growth and their cost,
/// and shares MQL→SQL with sales (000, 002); the lead generator by scheme (001); SDRs for SAL/SQL and the response SLA,
/// sales for SQL→deal conversion and revenue under SLA and disqualification-reason gates with a sliding step bonus
/// (000, 003); key accounts for renewals, cross-sales and churn, customer service for churn and recorded complaints (002);
/// heads for the team's totals and unit economics.</summary>
internal static class RoleTemplates
{
    /// <summary>The group whose MQL→SQL conversion marketing and sales share, so nobody argues whose lead was better.</summary>
    public const string MarketingSalesGroup = "marketing_sales";

    public static List<Draft> For(Role role, TargetSource t)
    {
        var inputs = t.Inputs;
        var shared = inputs.HasAny(MetricOwners.MarketingRoles) && inputs.Has(Role.SalesManager);
        var k = new Kit(role, t);
        return role switch
        {
            Role.Marketer or Role.Smm => Marketing(k, shared, (MetricKeys.Cpl, 0.2m)),
            Role.PerformanceMarketer => Marketing(k, shared, (MetricKeys.Cpl, 0.35m)),
            Role.ContentMarketer => Marketing(k, shared, (MetricKeys.CrLeadToMql, 0.3m)),
            Role.LeadGenerator => LeadGenerator(k, inputs),
            Role.Sdr =>
            [
                k.Kpi(MetricKeys.Sal, 0.4m, GenerationPolicy.VolumeCap, Why.Sal),
                k.Kpi(MetricKeys.Sql, 0.4m, GenerationPolicy.VolumeCap, Why.SdrSql),
                k.Level(MetricKeys.FirstResponseCompliance, 0.2m, GenerationPolicy.SlaCompliance, Why.Sla),
                k.Gate("reasons_gate", MetricKeys.DisqualificationReasonCoverage, GenerationPolicy.ReasonCoverage, Why.ReasonsGate,
                    new("Gate: every disqualified lead has a reason", "Условие: у каждого отказа есть причина")),
            ],
            Role.SalesManager =>
            [
                k.Kpi(MetricKeys.Revenue, shared ? 0.5m : 0.6m, GenerationPolicy.VolumeCap, Why.SalesRevenue),
                k.Kpi(MetricKeys.CrSqlToWon, shared ? 0.3m : 0.4m, GenerationPolicy.RatioCap, Why.SalesConversion),
                .. shared ? [k.Team(0.2m)] : Array.Empty<Draft>(),
                k.Step(),
                k.Gate("sla_gate", MetricKeys.FirstResponseCompliance, GenerationPolicy.SlaCompliance, Why.SlaGate,
                    new("Gate: first-response SLA", "Условие: первый ответ в срок (SLA)")),
                k.Gate("reasons_gate", MetricKeys.DisqualificationReasonCoverage, GenerationPolicy.ReasonCoverage, Why.ReasonsGate,
                    new("Gate: every disqualified lead has a reason", "Условие: у каждого отказа есть причина")),
            ],
            Role.KeyAccountManager =>
            [
                k.Kpi(MetricKeys.RenewalRate, 0.4m, GenerationPolicy.RatioCap, Why.Renewal),
                k.Kpi(MetricKeys.CrossSellRevenue, 0.35m, GenerationPolicy.VolumeCap, Why.CrossSell),
                k.Kpi(MetricKeys.ChurnRate, 0.25m, GenerationPolicy.RatioCap, Why.KamChurn),
            ],
            Role.CustomerService =>
            [
                k.Kpi(MetricKeys.ChurnRate, 0.6m, GenerationPolicy.RatioCap, Why.ServiceChurn),
                k.Kpi(MetricKeys.ComplaintsRegistered, 0.4m, GenerationPolicy.VolumeCap, Why.Complaints),
            ],
            Role.HeadOfSales =>
            [
                k.Kpi(MetricKeys.Revenue, 0.5m, GenerationPolicy.VolumeCap, Why.HeadRevenue),
                k.Kpi(MetricKeys.CrSqlToWon, 0.3m, GenerationPolicy.RatioCap, Why.HeadConversion),
                k.Kpi(MetricKeys.Cac, 0.2m, GenerationPolicy.RatioCap, Why.HeadSalesCac),
            ],
            Role.HeadOfMarketing => HeadOfMarketing(k, t),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };
    }

    private static List<Draft> Marketing(Kit k, bool shared, (string Metric, decimal Weight) second)
    {
        var volume = 1m - second.Weight - (shared ? 0.3m : 0m);
        var secondKpi = second.Metric == MetricKeys.Cpl
            ? k.CplLimit(second.Weight)
            : k.Kpi(second.Metric, second.Weight, GenerationPolicy.RatioCap, Why.LeadQuality);
        return
        [
            k.Kpi(MetricKeys.Mql, volume, GenerationPolicy.VolumeCap, Why.Mql),
            secondKpi,
            .. shared ? [k.Team(0.3m)] : Array.Empty<Draft>(),
            k.Growth(),
        ];
    }

    private static List<Draft> LeadGenerator(Kit k, Inputs inputs)
    {
        if (inputs.Scheme == LeadGeneratorScheme.OwnProduct)
            return
            [
                k.Kpi(MetricKeys.Leads, 0.4m, GenerationPolicy.VolumeCap, Why.OwnProductLeads),
                k.Kpi(MetricKeys.Sql, 0.4m, GenerationPolicy.VolumeCap, Why.OwnProductSql),
                k.CplLimit(0.2m),
            ];
        var client = inputs.Scheme == LeadGeneratorScheme.ClientBudget;
        var maxCpl = inputs.MaxCpl.Value;
        var perLead = inputs.RoundMoney(maxCpl * (client ? GenerationDefaults.ClientBudgetPerLeadOfMaxCpl : GenerationDefaults.OwnBudgetPerLeadOfMaxCpl));
        return
        [
            k.Plain(ComponentKind.PerUnit, "leads_paid", MetricKeys.Leads, client ? Why.ClientPerLead : Why.OwnBudgetPerLead) with
            {
                Rate = perLead,
                Condition = client ? new MetricCondition(MetricKeys.Cpl, ComparisonOperator.AtMost, maxCpl) : null,
                Label = new("Pay per lead", "Оплата за лид"),
            },
            k.Plain(ComponentKind.Share, "revenue_share", MetricKeys.Revenue, client ? Why.ClientShare : Why.OwnBudgetShare) with
            {
                Rate = client ? GenerationDefaults.ClientBudgetRevenueShare : GenerationDefaults.OwnBudgetRevenueShare,
                Measure = ShareMeasure.Revenue,
                Label = new("Share of revenue from own leads", "Доля выручки с собственных лидов"),
            },
        ];
    }

    private static List<Draft> HeadOfMarketing(Kit k, TargetSource t)
    {
        var romiPositive = Enumerable.Range(0, t.Months.Count).All(m => t.Team(MetricKeys.Romi, m) > 0);
        if (!romiPositive)
        {
            var w = t.Inputs.W;
            var romi = t.Team(MetricKeys.Romi, 0);
            t.Inputs.Warn("romi_not_positive",
                $"ROMI по плану {w.Pct(romi)}: валовая прибыль не покрывает рекламный бюджет, поэтому KPI по ROMI руководителю маркетинга не предложен. " +
                "Проверьте маржу, средний чек и стоимость лида.",
                $"Planned ROMI is {w.Pct(romi)}: gross profit does not cover the ad budget, so no ROMI KPI is proposed for the head of marketing. " +
                "Check the margin, the average deal and the cost per lead.");
        }
        return
        [
            k.Kpi(MetricKeys.Mql, romiPositive ? 0.3m : 0.4m, GenerationPolicy.VolumeCap, Why.HeadMql),
            k.Kpi(MetricKeys.Sql, romiPositive ? 0.3m : 0.35m, GenerationPolicy.VolumeCap, Why.HeadSql),
            k.Kpi(MetricKeys.Cac, romiPositive ? 0.2m : 0.25m, GenerationPolicy.RatioCap, Why.HeadMarketingCac),
            .. romiPositive ? [k.Kpi(MetricKeys.Romi, 0.2m, GenerationPolicy.RatioCap, Why.Romi)] : Array.Empty<Draft>(),
        ];
    }

    /// <summary>A KPI the company asked to add: paid by attainment of the funnel's target for the role, capped like the
    /// generator's own KPIs of its kind. The caller gives it its weight.</summary>
    public static Draft Requested(Role role, string metric, TargetSource t) =>
        new Kit(role, t).Kpi(metric, 0m, Inputs.IsFlow(MetricCatalogue.Get(metric)) ? GenerationPolicy.VolumeCap : GenerationPolicy.RatioCap,
            new LocalizedText("", ""));

    /// <summary>Draft builders for one role.</summary>
    private sealed class Kit(Role role, TargetSource t)
    {
        public Draft Plain(ComponentKind kind, string id, string metric, LocalizedText why) => new()
        {
            Id = id,
            Metric = metric,
            Kind = kind,
            Why = why,
        };

        public Draft Kpi(string metric, decimal weight, decimal cap, LocalizedText why) => new()
        {
            Id = metric,
            Metric = metric,
            Kind = ComponentKind.Attainment,
            Weight = weight,
            Threshold = GenerationPolicy.Threshold,
            Cap = cap,
            Targets = t.Series(role, metric),
            Current = t.Current(role, metric),
            Why = why,
            Family = Draft.FamilyOf(metric),
        };

        /// <summary>A level the seeds fix (SLA 90 %), not one the funnel computes.</summary>
        public Draft Level(string metric, decimal weight, decimal target, LocalizedText why) =>
            Kpi(metric, weight, GenerationPolicy.RatioCap, why) with
            {
                Targets = t.Inputs.GoalOn(metric) is null ? t.Constant(target) : t.Series(role, metric),
                Current = target,
            };

        /// <summary>CPL at most the maximum the company accepts (lower is better, so beating it counts above 100 %).</summary>
        public Draft CplLimit(decimal weight) =>
            Kpi(MetricKeys.Cpl, weight, GenerationPolicy.RatioCap, Why.Cpl) with
            {
                Targets = t.Inputs.GoalOn(MetricKeys.Cpl) is null ? t.Constant(t.Inputs.MaxCpl.Value) : t.Series(role, MetricKeys.Cpl),
            };

        public Draft Team(decimal weight) => Kpi(MetricKeys.CrMqlToSql, weight, GenerationPolicy.RatioCap, Why.Shared) with
        {
            Id = "mql_to_sql_shared",
            Kind = ComponentKind.Team,
            Group = MarketingSalesGroup,
            Family = null,
        };

        public Draft Growth() => Plain(ComponentKind.Growth, "mql_growth", MetricKeys.Mql, Why.Growth) with
        {
            Rate = GenerationPolicy.GrowthBonusOfTarget,
            Current = t.Current(role, MetricKeys.Mql),
            Label = new("MQL growth over last month", "Рост MQL к прошлому месяцу"),
        };

        public Draft Step()
        {
            var targets = t.Series(role, MetricKeys.DealsWon);
            return Plain(ComponentKind.Step, "deals_over_plan", MetricKeys.DealsWon, Why.Step) with
            {
                Targets = targets,
                Current = t.Current(role, MetricKeys.DealsWon),
                Every = Math.Max(1m, Math.Round(targets[0] * GenerationPolicy.StepShareOfTarget, 0, MidpointRounding.AwayFromZero)),
                Rate = GenerationPolicy.StepRate,
                MaxSteps = GenerationPolicy.MaxSteps,
                Label = new("Deals over plan", "Сделки сверх плана"),
            };
        }

        public Draft Gate(string id, string metric, decimal value, LocalizedText why, LocalizedText label) => Plain(ComponentKind.Gate, id, metric, why) with
        {
            Operator = ComparisonOperator.AtLeast,
            Value = value,
            Targets = t.Constant(value),
            Label = label,
        };
    }

    /// <summary>Why each template KPI is there; the generator appends the numbers.</summary>
    private static class Why
    {
        public static readonly LocalizedText Mql = new(
            "MQL are marketing's result: pay for qualified leads, not raw ones.",
            "MQL — результат маркетинга: премия за квалифицированные лиды, а не за сырые.");
        public static readonly LocalizedText Cpl = new(
            "Cost per lead at most the limit the company accepts: volume bought at any price is no result (lower is better).",
            "Стоимость лида не выше предельной: объём любой ценой — не результат (чем ниже, тем лучше).");
        public static readonly LocalizedText LeadQuality = new(
            "Content is judged by how many of its leads qualify.",
            "Контент оценивается по тому, сколько его лидов становятся квалифицированными.");
        public static readonly LocalizedText Shared = new(
            "MQL→SQL conversion is shared by marketing and sales, so nobody argues whose lead was better.",
            "Конверсия MQL→SQL — общий KPI маркетинга и продаж, чтобы не спорить, чей лид лучше.");
        public static readonly LocalizedText Growth = new(
            "More MQL than last month earns a premium, a tenth of the target bonus.",
            "Больше MQL, чем в прошлом месяце, — премия в 10 % целевого бонуса.");
        public static readonly LocalizedText OwnProductLeads = new(
            "Lead generation for the own product, on the own budget: leads are the first result.",
            "Лидогенерация для собственного продукта на свой бюджет: лиды — первый результат.");
        public static readonly LocalizedText OwnProductSql = new(
            "SQL from the own leads: only leads sales can work count.",
            "SQL с собственных лидов: засчитываются лиды, с которыми могут работать продажи.");
        public static readonly LocalizedText ClientPerLead = new(
            "Client's budget: a low fixed amount per lead, paid only while the lead costs no more than the maximum.",
            "Бюджет заказчика: низкий фикс за лид, только пока лид не дороже предельной стоимости.");
        public static readonly LocalizedText ClientShare = new(
            "Client's budget: a share of revenue from deals that came from the lead generator's leads.",
            "Бюджет заказчика: процент выручки от сделок, пришедших с лидов лидогенератора.");
        public static readonly LocalizedText OwnBudgetPerLead = new(
            "Own budget: a high fixed amount per lead (above what a lead costs), no cost limit since the lead generator pays for the traffic.",
            "Собственный бюджет: высокий фикс за лид (выше стоимости лида), без ограничения по цене — трафик оплачивает сам лидогенератор.");
        public static readonly LocalizedText OwnBudgetShare = new(
            "Own budget: a high share of revenue from deals that came from the lead generator's leads.",
            "Собственный бюджет: высокий процент выручки от сделок, пришедших с лидов лидогенератора.");
        public static readonly LocalizedText Sal = new(
            "SAL: MQL accepted by sales after first qualification, the SDR's first result.",
            "SAL — MQL, принятые продажами после первичной квалификации: первый результат SDR.");
        public static readonly LocalizedText SdrSql = new(
            "SQL handed to sales managers: opportunities, not conversations.",
            "SQL, переданные менеджерам: возможности, а не разговоры.");
        public static readonly LocalizedText Sla = new(
            "A first response within the SLA for 90 % of leads: a lead called after five minutes is mostly lost.",
            "Первый ответ в срок (SLA) для 90 % лидов: лид, которому перезвонили позже пяти минут, чаще всего потерян.");
        public static readonly LocalizedText SalesRevenue = new(
            "Revenue closed is the sales manager's result.",
            "Выручка по закрытым сделкам — результат менеджера по продажам.");
        public static readonly LocalizedText SalesConversion = new(
            "SQL→deal conversion pays for closing the opportunities marketing brought, not for volume.",
            "Конверсия SQL→сделка платит за закрытие возможностей, которые привёл маркетинг, а не за объём.");
        public static readonly LocalizedText Step = new(
            "A sliding bonus: for every step of deals over plan, +5 % of the target bonus.",
            "Скользящий бонус: за каждый шаг сделок сверх плана +5 % к целевой премии.");
        public static readonly LocalizedText SlaGate = new(
            "The bonus is paid only if at least 90 % of leads got a first response within the SLA.",
            "Премия выплачивается, только если не меньше 90 % лидов получили первый ответ в срок (SLA).");
        public static readonly LocalizedText ReasonsGate = new(
            "The bonus is paid only if every disqualified lead carries a reason, so marketing learns which campaigns bring non-target leads.",
            "Премия выплачивается, только если у каждого отказа указана причина: так маркетинг видит, какие кампании приводят нецелевых лидов.");
        public static readonly LocalizedText Renewal = new(
            "Renewals (prolongation) are the key account manager's first KPI.",
            "Пролонгация — первый KPI менеджера по ключевым клиентам.");
        public static readonly LocalizedText CrossSell = new(
            "Cross-sales widen what existing accounts buy.",
            "Кросс-продажи расширяют то, что покупают действующие клиенты.");
        public static readonly LocalizedText KamChurn = new(
            "Churn at most the plan (lower is better).",
            "Отток не выше плана (чем ниже, тем лучше).");
        public static readonly LocalizedText ServiceChurn = new(
            "Customer service is where customers decide to stay: churn is its main KPI (lower is better).",
            "Клиентский сервис — место, где клиент решает остаться: отток — его главный KPI (чем ниже, тем лучше).");
        public static readonly LocalizedText Complaints = new(
            "Every complaint recorded: the KPI rewards recording, so that small problems reach the statistics too.",
            "Каждая жалоба зарегистрирована: KPI поощряет фиксацию, чтобы и мелкие проблемы попадали в статистику.");
        public static readonly LocalizedText HeadRevenue = new(
            "The team's revenue plan is the head of sales' result.",
            "План по выручке команды — результат руководителя продаж.");
        public static readonly LocalizedText HeadConversion = new(
            "The team's SQL→deal conversion shows how well the team sells.",
            "Конверсия SQL→сделка команды показывает, насколько хорошо команда продаёт.");
        public static readonly LocalizedText HeadSalesCac = new(
            "Customer acquisition cost keeps growth paid for (lower is better).",
            "Стоимость привлечения клиента (CAC) держит рост окупаемым (чем ниже, тем лучше).");
        public static readonly LocalizedText HeadMql = new(
            "The department's MQL plan.",
            "План MQL отдела.");
        public static readonly LocalizedText HeadSql = new(
            "SQL: marketing answers for leads sales can work.",
            "SQL: маркетинг отвечает за лидов, с которыми могут работать продажи.");
        public static readonly LocalizedText HeadMarketingCac = new(
            "Customer acquisition cost (lower is better).",
            "Стоимость привлечения клиента (чем ниже, тем лучше).");
        public static readonly LocalizedText Romi = new(
            "Return on marketing investment: the budget must earn more than it costs.",
            "ROMI: бюджет должен приносить больше, чем стоит.");
    }
}
