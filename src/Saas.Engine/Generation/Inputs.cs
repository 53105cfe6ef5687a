using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Generation;

/// <summary>A value and whether a default went into it: checks that would only judge our own defaults are skipped.</summary>
internal readonly record struct Known(decimal Value, bool Assumed);

/// <summary>A goal turned into team-level monthly values, one per plan month.</summary>
internal sealed record GoalPlan
{
    public required Goal Goal { get; init; }
    public required MetricDefinition Metric { get; init; }
    public required decimal Start { get; init; }
    public required decimal To { get; init; }
    public required int Horizon { get; init; }
    public required IReadOnlyList<decimal> Monthly { get; init; }

    /// <summary>Where the plausibility check starts from: the goal's own from, or a current value the request gave.</summary>
    public decimal? CheckedStart { get; init; }
}

/// <summary>The request with every gap filled: the resolved economics, the months, and the goals as monthly values.
/// Each default it uses is recorded as an assumption, once.</summary>
internal sealed class Inputs
{
    private readonly List<Assumption> _assumptions = [];
    private readonly List<GenerationWarning> _warnings = [];

    public Inputs(GenerationRequest request)
    {
        Request = request;
        Currency = request.Currency;
        W = new Words(request.Language, request.Currency);
        Periods = request.Periods.Select(Period.Parse).ToList();
        Offsets = Periods.Select(p => (p.Year - Periods[0].Year) * 12 + p.Number - Periods[0].Number).ToList();
        Team = request.Team.OrderBy(t => t.Role).ToList();
        Scheme = request.Economics.LeadGeneratorScheme ?? GenerationDefaults.Scheme;
        if (Team.Any(t => t.Role == Role.LeadGenerator) && request.Economics.LeadGeneratorScheme is null)
            Assume("lead_generator_scheme", "own_product",
                "Схема лидогенератора не указана: считаем лидогенерацию для собственного продукта (свой бюджет, свои цели по лидам и SQL).",
                "No lead-generator scheme given: lead generation for the company's own product (own budget, own lead and SQL targets).");
        ResolveEconomics(request.Economics);
        Goals = ResolveGoals(request.Goals);
    }

    public GenerationRequest Request { get; }
    public string Currency { get; }
    public Words W { get; }
    public IReadOnlyList<Period> Periods { get; }

    /// <summary>Months since the first period, per period: the ramp's step.</summary>
    public IReadOnlyList<int> Offsets { get; }

    public IReadOnlyList<TeamRole> Team { get; }
    public LeadGeneratorScheme Scheme { get; }
    public IReadOnlyList<GoalPlan> Goals { get; }

    public Known AverageDeal { get; private set; }
    public Known Margin { get; private set; }
    public Known CrLeadToMql { get; private set; }
    public Known CrMqlToSal { get; private set; }
    public Known CrSalToSql { get; private set; }
    public Known CrMqlToSql { get; private set; }
    public Known CrSqlToWon { get; private set; }
    public Known Leads { get; private set; }
    public Known Mql { get; private set; }
    public Known Sql { get; private set; }
    public Known Deals { get; private set; }
    public Known Cpl { get; private set; }
    public Known MaxCpl { get; private set; }
    public decimal? Budget { get; private set; }

    public IReadOnlyList<Assumption> Assumptions => _assumptions;
    public IReadOnlyList<GenerationWarning> Warnings => _warnings;

    public int Count(Role role) => Team.FirstOrDefault(t => t.Role == role)?.Count ?? 0;

    public bool Has(Role role) => Count(role) > 0;

    public bool HasAny(IEnumerable<Role> roles) => roles.Any(Has);

    public GoalPlan? GoalOn(string metric) => Goals.FirstOrDefault(g => g.Goal.Metric == metric);

    public void Assume(string key, string value, string ru, string en)
    {
        if (_assumptions.All(a => a.Key != key))
            _assumptions.Add(new Assumption(key, value, W.Say(ru, en)));
    }

    public void Warn(string code, string ru, string en) => _warnings.Add(new GenerationWarning(code, W.Say(ru, en)));

    public decimal Round(decimal value, MetricUnit unit) => unit switch
    {
        MetricUnit.Ratio => Math.Round(value, 4, MidpointRounding.AwayFromZero),
        MetricUnit.Money => Common.Currency.Round(value, Currency),
        _ => Math.Round(value, 0, MidpointRounding.AwayFromZero),
    };

    public decimal RoundMoney(decimal value) => Common.Currency.Round(value, Currency);

    private Known Default(string key, decimal value, string ru, string en)
    {
        Assume(key, NumberText.Invariant(value), ru, en);
        return new Known(value, true);
    }

    /// <summary>A goal's starting value is the company's own statement of where a metric stands now, as good as economics.</summary>
    private decimal? FromGoal(string metric) =>
        Request.Goals.FirstOrDefault(g => g.Metric == metric && (g.Currency is null || g.Currency == Currency))?.From;

    private void ResolveEconomics(Economics request)
    {
        var w = W;
        var e = request with
        {
            CrLeadToMql = request.CrLeadToMql ?? FromGoal(MetricKeys.CrLeadToMql),
            CrMqlToSql = request.CrMqlToSql ?? FromGoal(MetricKeys.CrMqlToSql),
            CrMqlToSal = request.CrMqlToSal ?? FromGoal(MetricKeys.CrMqlToSal),
            CrSalToSql = request.CrSalToSql ?? FromGoal(MetricKeys.CrSalToSql),
            CrSqlToWon = request.CrSqlToWon ?? FromGoal(MetricKeys.CrSqlToWon),
            MonthlyLeads = request.MonthlyLeads ?? FromGoal(MetricKeys.Leads),
            MonthlyMql = request.MonthlyMql ?? FromGoal(MetricKeys.Mql),
            MonthlySql = request.MonthlySql ?? FromGoal(MetricKeys.Sql),
            MonthlyDeals = request.MonthlyDeals ?? FromGoal(MetricKeys.DealsWon),
            CurrentCpl = request.CurrentCpl ?? FromGoal(MetricKeys.Cpl),
        };
        static Known? Ratio(decimal? numerator, decimal? denominator) =>
            numerator is { } n && denominator is { } d && n <= d ? new Known(n / d, false) : null;

        AverageDeal = e.AverageDealSize is { } deal ? new(deal, false) : Default("average_deal_size", GenerationDefaults.AverageDealSize(Currency),
            $"Средний чек не указан: {w.Money(GenerationDefaults.AverageDealSize(Currency))} — типичная B2B-сделка; от него зависит число сделок в плане.",
            $"No average deal size given: {w.Money(GenerationDefaults.AverageDealSize(Currency))}, a typical B2B deal; the number of deals in the plan depends on it.");
        Margin = e.GrossMargin is { } margin ? new(margin, false) : Default("gross_margin", GenerationDefaults.GrossMargin,
            $"Валовая маржа не указана: {w.Pct(GenerationDefaults.GrossMargin)}; нужна, чтобы сравнить премии с валовой прибылью.",
            $"No gross margin given: {w.Pct(GenerationDefaults.GrossMargin)}; it is what the bonus cost is compared with.");
        CrLeadToMql = e.CrLeadToMql is { } c1 ? new(c1, false) : Ratio(e.MonthlyMql, e.MonthlyLeads) ?? Default("cr_lead_to_mql", GenerationDefaults.CrLeadToMql,
            $"Конверсия лид→MQL не указана: {w.Pct(GenerationDefaults.CrLeadToMql)} — обычная доля квалифицированных лидов.",
            $"No lead→MQL conversion given: {w.Pct(GenerationDefaults.CrLeadToMql)}, a usual share of qualified leads.");
        var direct = e.CrMqlToSql is { } c2 ? new Known(c2, false)
            : e is { CrMqlToSal: { } s1, CrSalToSql: { } s2 } ? new Known(s1 * s2, false)
            : Ratio(e.MonthlySql, e.MonthlyMql);
        CrMqlToSal = e.CrMqlToSal is { } sal ? new(sal, false) : Default("cr_mql_to_sal", Math.Max(GenerationDefaults.CrMqlToSal, direct?.Value ?? 0m),
            $"Конверсия MQL→SAL не указана: {w.Pct(Math.Max(GenerationDefaults.CrMqlToSal, direct?.Value ?? 0m))} MQL принимает отдел продаж.",
            $"No MQL→SAL conversion given: sales accept {w.Pct(Math.Max(GenerationDefaults.CrMqlToSal, direct?.Value ?? 0m))} of MQL.");
        if (direct is { } known)
        {
            CrMqlToSql = known;
            CrSalToSql = e.CrSalToSql is { } given ? new(given, false) : new(Math.Min(1m, known.Value / CrMqlToSal.Value), CrMqlToSal.Assumed);
        }
        else
        {
            CrSalToSql = e.CrSalToSql is { } given ? new(given, false) : Default("cr_sal_to_sql", GenerationDefaults.CrSalToSql,
                $"Конверсия SAL→SQL не указана: {w.Pct(GenerationDefaults.CrSalToSql)}; вместе с MQL→SAL это {w.Pct(CrMqlToSal.Value * GenerationDefaults.CrSalToSql)} MQL→SQL.",
                $"No SAL→SQL conversion given: {w.Pct(GenerationDefaults.CrSalToSql)}; with MQL→SAL that is {w.Pct(CrMqlToSal.Value * GenerationDefaults.CrSalToSql)} MQL→SQL.");
            CrMqlToSql = new(CrMqlToSal.Value * CrSalToSql.Value, CrMqlToSal.Assumed || CrSalToSql.Assumed);
        }
        CrSqlToWon = e.CrSqlToWon is { } c3 ? new(c3, false) : Ratio(e.MonthlyDeals, e.MonthlySql) ?? Default("cr_sql_to_won", GenerationDefaults.CrSqlToWon,
            $"Конверсия SQL→сделка не указана: {w.Pct(GenerationDefaults.CrSqlToWon)} — каждая пятая возможность закрывается.",
            $"No SQL→deal conversion given: {w.Pct(GenerationDefaults.CrSqlToWon)}, one opportunity in five is won.");

        var toMql = CrLeadToMql.Value;
        var toSql = toMql * CrMqlToSql.Value;
        var toWon = toSql * CrSqlToWon.Value;
        Leads = e.MonthlyLeads is { } leads ? new(leads, false)
            : e.MonthlyMql is { } mql ? new(mql / toMql, CrLeadToMql.Assumed)
            : e.MonthlySql is { } sql ? new(sql / toSql, CrLeadToMql.Assumed || CrMqlToSql.Assumed)
            : e.MonthlyDeals is { } deals ? new(deals / toWon, CrLeadToMql.Assumed || CrMqlToSql.Assumed || CrSqlToWon.Assumed)
            : Default("monthly_leads", GenerationDefaults.MonthlyLeads,
                $"Текущее число лидов не указано: {w.Num(GenerationDefaults.MonthlyLeads)} в месяц, как в примере из статьи о нецелевых лидах.",
                $"No current lead volume given: {w.Num(GenerationDefaults.MonthlyLeads)} a month, as in the seed's worked example.");
        Mql = e.MonthlyMql is { } m ? new(m, false) : new(Leads.Value * toMql, Leads.Assumed || CrLeadToMql.Assumed);
        Sql = e.MonthlySql is { } q ? new(q, false) : new(Mql.Value * CrMqlToSql.Value, Mql.Assumed || CrMqlToSql.Assumed);
        Deals = e.MonthlyDeals is { } d ? new(d, false)
            : FromGoal(MetricKeys.CrLeadToWon) is { } leadToWon ? new(Leads.Value * leadToWon, Leads.Assumed)
            : new(Sql.Value * CrSqlToWon.Value, Sql.Assumed || CrSqlToWon.Assumed);

        Budget = e.MonthlyMarketingBudget;
        Cpl = e.CurrentCpl is { } cpl ? new(cpl, false)
            : e.MonthlyMarketingBudget is { } budget ? new(RoundMoney(budget / Leads.Value), Leads.Assumed)
            : Default("current_cpl", GenerationDefaults.Cpl(Currency),
                $"Текущая стоимость лида не указана: {w.Money(GenerationDefaults.Cpl(Currency))}.",
                $"No current cost per lead given: {w.Money(GenerationDefaults.Cpl(Currency))}.");
        if (e.CurrentCpl is null && e.MonthlyMarketingBudget is { } b)
            Assume("current_cpl", NumberText.Invariant(Cpl.Value),
                $"Текущая стоимость лида = бюджет ÷ лиды = {w.Money(b)} ÷ {w.Num(Leads.Value)} = {w.Money(Cpl.Value)}.",
                $"Current cost per lead = budget ÷ leads = {w.Money(b)} ÷ {w.Num(Leads.Value)} = {w.Money(Cpl.Value)}.");
        var maxCpl = RoundMoney(Cpl.Value * GenerationDefaults.MaxCplOverCurrent);
        MaxCpl = e.MaxCpl is { } max ? new(max, false) : Default("max_cpl", maxCpl,
            $"Предельная стоимость лида не указана: текущая {w.Money(Cpl.Value)} + 20 % = {w.Money(maxCpl)}; дороже лид не окупается.",
            $"No maximum cost per lead given: the current {w.Money(Cpl.Value)} + 20 % = {w.Money(maxCpl)}; a dearer lead does not pay back.");
    }

    /// <summary>The current (pre-plan) team value of a metric, when the engine has one.</summary>
    public Known? Current(string metric)
    {
        var budget = Cpl.Value * Leads.Value;
        var assumedBudget = Cpl.Assumed || Leads.Assumed;
        var revenue = Deals.Value * AverageDeal.Value;
        return metric switch
        {
            MetricKeys.Leads => Leads,
            MetricKeys.Mql => Mql,
            MetricKeys.Sal => new(Mql.Value * CrMqlToSal.Value, Mql.Assumed || CrMqlToSal.Assumed),
            MetricKeys.Sql => Sql,
            MetricKeys.DealsWon or MetricKeys.NewCustomers => Deals,
            MetricKeys.Revenue => new(revenue, Deals.Assumed || AverageDeal.Assumed),
            MetricKeys.GrossProfit => new(revenue * Margin.Value, Deals.Assumed || AverageDeal.Assumed || Margin.Assumed),
            MetricKeys.CrLeadToMql => CrLeadToMql,
            MetricKeys.CrMqlToSal => CrMqlToSal,
            MetricKeys.CrSalToSql => CrSalToSql,
            MetricKeys.CrMqlToSql => CrMqlToSql,
            MetricKeys.CrSqlToWon => CrSqlToWon,
            MetricKeys.CrLeadToWon => new(Deals.Value / Leads.Value, Deals.Assumed || Leads.Assumed),
            MetricKeys.Cpl => Cpl,
            MetricKeys.Spend => new(budget, assumedBudget),
            MetricKeys.CostPerOpportunity => new(budget / Sql.Value, assumedBudget || Sql.Assumed),
            MetricKeys.Cac => new(budget / Deals.Value, assumedBudget || Deals.Assumed),
            MetricKeys.Romi => new((revenue * Margin.Value - budget) / budget, true),
            MetricKeys.FirstResponseCompliance => new(GenerationPolicy.SlaCompliance, true),
            MetricKeys.DisqualificationReasonCoverage => new(GenerationPolicy.ReasonCoverage, true),
            MetricKeys.FirstResponseMinutesMedian => new(GenerationDefaults.FirstResponseMinutes, true),
            MetricKeys.NonTargetShare => new(GenerationDefaults.NonTargetShare, true),
            MetricKeys.RenewalRate => new(GenerationDefaults.RenewalRate, true),
            MetricKeys.ChurnRate => new(GenerationDefaults.MonthlyChurnRate, true),
            MetricKeys.CrossSellRevenue => new(GenerationDefaults.CrossSellOfAverageDeal * AverageDeal.Value * Count(Role.KeyAccountManager), true),
            MetricKeys.ComplaintsRegistered => new(GenerationDefaults.ComplaintsPerServicePerson * Count(Role.CustomerService), true),
            _ => null,
        };
    }

    /// <summary>True for the metrics <see cref="Current"/> has a value for, which a proposed KPI can take a target from.</summary>
    public static bool CanTarget(string metric) =>
        MetricCatalogue.TryGet(metric, out _) && metric is not (MetricKeys.OperatingProfit or MetricKeys.Renewals);

    /// <summary>A flow is counted per month (leads, revenue); a level is a state (a conversion, a cost per lead).</summary>
    public static bool IsFlow(MetricDefinition metric) =>
        metric.Unit is MetricUnit.Count || (metric.Unit == MetricUnit.Money && metric.Numerator is null);

    private List<GoalPlan> ResolveGoals(IReadOnlyList<Goal> goals)
    {
        var w = W;
        var span = Offsets[^1] + 1;
        var plans = new List<GoalPlan>();
        for (var i = 0; i < goals.Count; i++)
        {
            var goal = goals[i];
            var metric = MetricCatalogue.Get(goal.Metric);
            if (metric.Unit == MetricUnit.Money && goal.Currency is { } currency && currency != Currency)
            {
                Warn("goal_currency_mismatch",
                    $"Цель «{goal.Text}» задана в {currency}, а план — в {Currency}; курса у движка нет, поэтому цель не учтена. Переведите её в {Currency}.",
                    $"The goal '{goal.Text}' is in {currency} and the plan in {Currency}; the engine has no exchange rate, so the goal is left out. Restate it in {Currency}.");
                continue;
            }
            var to = goal.To!.Value;
            var horizon = goal.HorizonMonths ?? span;
            if (goal.HorizonMonths is null)
                Assume($"goals[{i}].horizon_months", horizon.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"Срок цели «{goal.Text}» не указан: она достигается к концу плана, за {w.Months(horizon)}.",
                    $"The goal '{goal.Text}' has no deadline: it is reached by the end of the plan, in {w.Months(horizon)}.");
            var current = Current(goal.Metric);
            decimal start;
            if (goal.Direction == GoalDirection.Reach && goal.From is null && IsFlow(metric) && goal.HorizonMonths is { } months)
            {
                // "30M per quarter": a total over the horizon, spread evenly.
                to = Round(to / months, metric.Unit);
                start = to;
                horizon = 1;
                Assume($"goals[{i}].monthly", NumberText.Invariant(to),
                    $"Цель «{goal.Text}» — итог за {w.Months(months)}: {w.Value(metric, goal.To!.Value)} ÷ {months} = {w.Value(metric, to)} в месяц.",
                    $"The goal '{goal.Text}' is a total over {w.Months(months)}: {w.Value(metric, goal.To!.Value)} ÷ {months} = {w.Value(metric, to)} a month.");
            }
            else if (goal.From is { } from)
                start = from;
            else if (goal.Direction != GoalDirection.Reach && current is { } now)
            {
                start = now.Value;
                Assume($"goals[{i}].from", NumberText.Invariant(Round(start, metric.Unit)),
                    $"Начальное значение цели «{goal.Text}» не указано: берём текущее {w.Value(metric, Round(start, metric.Unit))}.",
                    $"The goal '{goal.Text}' has no starting value: the current {w.Value(metric, Round(start, metric.Unit))} is used.");
            }
            else
                start = to;

            var monthly = Offsets.Select(k => Round(start + (to - start) * Math.Min(k + 1, horizon) / horizon, metric.Unit)).ToList();
            decimal? checkedStart = goal.From ?? (current is { Assumed: false } c ? c.Value : null);
            plans.Add(new GoalPlan
            {
                Goal = goal,
                Metric = metric,
                Start = start,
                To = to,
                Horizon = horizon,
                Monthly = monthly,
                CheckedStart = checkedStart,
            });
            CheckPlausible(goal, metric, checkedStart, to, horizon);
        }
        return plans;
    }

    private void CheckPlausible(Goal goal, MetricDefinition metric, decimal? start, decimal to, int horizon)
    {
        if (start is not { } from || from <= 0)
            return;
        var change = (to - from) / from;
        var harder = metric.HigherIsBetter ? change : -change;
        var allowed = GenerationPolicy.PlausibleChangePerQuarter * horizon / 3m;
        if (harder <= allowed)
            return;
        var w = W;
        Warn("implausible_goal",
            $"Цель «{goal.Text}»: {w.Value(metric, from)} → {w.Value(metric, to)} за {w.Months(horizon)} — изменение на {w.Pct(Math.Abs(change))}, " +
            $"а правдоподобно не больше {w.Pct(allowed)} (50 % за 3 мес.). Растяните срок или снизьте цель.",
            $"Goal '{goal.Text}': {w.Value(metric, from)} → {w.Value(metric, to)} in {w.Months(horizon)} is a change of {w.Pct(Math.Abs(change))}, " +
            $"while at most {w.Pct(allowed)} is plausible (50 % in 3 months). Allow more time or lower the goal.");
    }
}
