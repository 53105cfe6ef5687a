using Saas.Engine.Metrics;

namespace Saas.Engine.Generation;

/// <summary>One month of the team's funnel at full precision.</summary>
internal sealed record TeamMonth
{
    public required decimal Leads { get; init; }
    public required decimal Mql { get; init; }
    public required decimal Sql { get; init; }
    public required decimal Deals { get; init; }
    public required decimal CrLeadToMql { get; init; }
    public required decimal CrMqlToSal { get; init; }
    public required decimal CrMqlToSql { get; init; }
    public required decimal CrSqlToWon { get; init; }
    public required decimal Cpl { get; init; }
    public required decimal AverageDeal { get; init; }
    public required decimal Margin { get; init; }

    public decimal Sal => Mql * CrMqlToSal;
    public decimal CrSalToSql => CrMqlToSal == 0 ? 0 : Math.Min(1m, CrMqlToSql / CrMqlToSal);
    public decimal CrLeadToWon => Leads == 0 ? 0 : Deals / Leads;
    public decimal Revenue => Deals * AverageDeal;
    public decimal GrossProfit => Revenue * Margin;
    public decimal Budget => Leads * Cpl;

    /// <summary>The team's value of a funnel metric; null for metrics the funnel does not produce.</summary>
    public decimal? Value(string metric) => metric switch
    {
        MetricKeys.Leads => Leads,
        MetricKeys.Mql => Mql,
        MetricKeys.Sal => Sal,
        MetricKeys.Sql => Sql,
        MetricKeys.DealsWon or MetricKeys.NewCustomers => Deals,
        MetricKeys.Revenue => Revenue,
        MetricKeys.GrossProfit => GrossProfit,
        MetricKeys.CrLeadToMql => CrLeadToMql,
        MetricKeys.CrMqlToSal => CrMqlToSal,
        MetricKeys.CrSalToSql => CrSalToSql,
        MetricKeys.CrMqlToSql => CrMqlToSql,
        MetricKeys.CrSqlToWon => CrSqlToWon,
        MetricKeys.CrLeadToWon => CrLeadToWon,
        MetricKeys.Cpl => Cpl,
        MetricKeys.Spend => Budget,
        MetricKeys.CostPerOpportunity => Sql == 0 ? null : Budget / Sql,
        MetricKeys.Cac => Deals == 0 ? null : Budget / Deals,
        MetricKeys.Romi => Budget == 0 ? null : (GrossProfit - Budget) / Budget,
        _ => null,
    };
}

/// <summary>Funnel math: revenue → deals (÷ average deal) → SQL (÷ SQL→deal) → MQL (÷ MQL→SQL) → leads (÷ lead→MQL)
/// → budget (× CPL), month by month. The driver is the highest volume goal (revenue, then deals, new customers, SQL, MQL,
/// leads); stages above it are what it needs, stages below what it produces. Without a volume goal the current leads
/// drive, so a conversion goal shows what the same leads produce at the target conversion.</summary>
internal static class Funnel
{
    private static readonly string[] Drivers =
        [MetricKeys.Revenue, MetricKeys.DealsWon, MetricKeys.NewCustomers, MetricKeys.Sql, MetricKeys.Mql, MetricKeys.Leads];

    public static (string Driver, TeamMonth Current, IReadOnlyList<TeamMonth> Months) Build(Inputs inputs)
    {
        var driver = Drivers.FirstOrDefault(d => inputs.GoalOn(d) is not null) ?? MetricKeys.Leads;
        var current = new TeamMonth
        {
            Leads = inputs.Leads.Value,
            Mql = inputs.Mql.Value,
            Sql = inputs.Sql.Value,
            Deals = inputs.Deals.Value,
            CrLeadToMql = inputs.CrLeadToMql.Value,
            CrMqlToSal = inputs.CrMqlToSal.Value,
            CrMqlToSql = inputs.CrMqlToSql.Value,
            CrSqlToWon = inputs.GoalOn(MetricKeys.CrLeadToWon) is null ? inputs.CrSqlToWon.Value : Math.Min(1m, inputs.Deals.Value / inputs.Sql.Value),
            Cpl = inputs.Cpl.Value,
            AverageDeal = inputs.AverageDeal.Value,
            Margin = inputs.Margin.Value,
        };
        var months = new List<TeamMonth>();
        for (var k = 0; k < inputs.Periods.Count; k++)
        {
            decimal Ramp(string metric, decimal otherwise) => inputs.GoalOn(metric) is { } goal ? goal.Monthly[k] : otherwise;

            var c1 = Ramp(MetricKeys.CrLeadToMql, current.CrLeadToMql);
            var cSal = Ramp(MetricKeys.CrMqlToSal, current.CrMqlToSal);
            var c2 = inputs.GoalOn(MetricKeys.CrMqlToSql) is { } mqlToSql ? mqlToSql.Monthly[k]
                : inputs.GoalOn(MetricKeys.CrMqlToSal) is not null || inputs.GoalOn(MetricKeys.CrSalToSql) is not null
                    ? cSal * Ramp(MetricKeys.CrSalToSql, current.CrSalToSql)
                    : current.CrMqlToSql;
            var c3 = Ramp(MetricKeys.CrSqlToWon, current.CrSqlToWon);
            var leadToWon = inputs.GoalOn(MetricKeys.CrLeadToWon)?.Monthly[k];
            var target = inputs.GoalOn(driver)?.Monthly[k];

            decimal leads, mql, sql, deals;
            switch (driver)
            {
                case MetricKeys.Revenue or MetricKeys.DealsWon or MetricKeys.NewCustomers when target is { } t:
                    deals = driver == MetricKeys.Revenue ? t / current.AverageDeal : t;
                    if (leadToWon is { } lw)
                    {
                        leads = deals / lw;
                        mql = leads * c1;
                        sql = mql * c2;
                    }
                    else
                    {
                        sql = deals / c3;
                        mql = sql / c2;
                        leads = mql / c1;
                    }
                    break;
                case MetricKeys.Sql when target is { } t:
                    sql = t;
                    mql = sql / c2;
                    leads = mql / c1;
                    deals = leadToWon is { } lw2 ? leads * lw2 : sql * c3;
                    break;
                case MetricKeys.Mql when target is { } t:
                    mql = t;
                    leads = mql / c1;
                    sql = mql * c2;
                    deals = leadToWon is { } lw3 ? leads * lw3 : sql * c3;
                    break;
                default:
                    leads = target ?? current.Leads;
                    mql = leads * c1;
                    sql = mql * c2;
                    deals = leadToWon is { } lw4 ? leads * lw4 : sql * c3;
                    break;
            }
            months.Add(current with
            {
                Leads = leads,
                Mql = mql,
                Sql = sql,
                Deals = deals,
                CrLeadToMql = c1,
                CrMqlToSal = Math.Max(cSal, c2),
                CrMqlToSql = c2,
                CrSqlToWon = leadToWon is not null && sql > 0 ? Math.Min(1m, deals / sql) : c3,
                Cpl = Ramp(MetricKeys.Cpl, current.Cpl),
            });
        }
        return (driver, current, months);
    }

    /// <summary>The funnel as shown, with the calculation in words and the budget and conversion warnings.</summary>
    public static FunnelPlan Describe(Inputs inputs, string driver, TeamMonth current, IReadOnlyList<TeamMonth> months)
    {
        var shown = months.Select((m, k) => Show(inputs, inputs.Periods[k].ToString(), m, Explain(inputs, driver, m))).ToList();
        CheckConsistency(inputs, months);
        CheckBudget(inputs, current, months);
        return new FunnelPlan
        {
            Driver = driver,
            AverageDealSize = Trim(inputs.AverageDeal.Value),
            GrossMargin = Trim(inputs.Margin.Value),
            Current = Show(inputs, "current", current, Explain(inputs, MetricKeys.Leads, current)),
            Months = shown,
        };
    }

    private static FunnelMonth Show(Inputs inputs, string period, TeamMonth m, string explanation) => new()
    {
        Period = period,
        Leads = Count(m.Leads),
        Mql = Count(m.Mql),
        Sal = Count(m.Sal),
        Sql = Count(m.Sql),
        Deals = Count(m.Deals),
        Revenue = Trim(inputs.RoundMoney(m.Revenue)),
        GrossProfit = Trim(inputs.RoundMoney(m.GrossProfit)),
        CrLeadToMql = Ratio(m.CrLeadToMql),
        CrMqlToSal = Ratio(m.CrMqlToSal),
        CrSalToSql = Ratio(m.CrSalToSql),
        CrMqlToSql = Ratio(m.CrMqlToSql),
        CrSqlToWon = Ratio(m.CrSqlToWon),
        CrLeadToWon = Ratio(m.CrLeadToWon),
        Cpl = Trim(inputs.RoundMoney(m.Cpl)),
        Budget = Trim(inputs.RoundMoney(m.Budget)),
        AvailableBudget = inputs.Budget is { } b ? Trim(b) : null,
        Explanation = explanation,
    };

    private static string Explain(Inputs inputs, string driver, TeamMonth m)
    {
        var w = inputs.W;
        string N(decimal v) => w.Num(Count(v));
        var budget = w.Say($"{N(m.Leads)} лидов × {w.Money(m.Cpl)} = {w.Money(m.Budget)} бюджета",
            $"{N(m.Leads)} leads × {w.Money(m.Cpl)} = {w.Money(m.Budget)} budget");
        var byLeadToWon = inputs.GoalOn(MetricKeys.CrLeadToWon) is not null;
        switch (driver)
        {
            case MetricKeys.Revenue or MetricKeys.DealsWon or MetricKeys.NewCustomers:
                var deals = driver == MetricKeys.Revenue
                    ? w.Say($"{w.Money(m.Revenue)} ÷ {w.Money(m.AverageDeal)} = {N(m.Deals)} сделок", $"{w.Money(m.Revenue)} ÷ {w.Money(m.AverageDeal)} = {N(m.Deals)} deals")
                    : w.Say($"{N(m.Deals)} сделок", $"{N(m.Deals)} deals");
                var up = byLeadToWon
                    ? w.Say($"{N(m.Deals)} ÷ {w.Pct(m.CrLeadToWon)} (лид→сделка) = {N(m.Leads)} лидов; MQL {N(m.Mql)}, SQL {N(m.Sql)}",
                        $"{N(m.Deals)} ÷ {w.Pct(m.CrLeadToWon)} (lead→deal) = {N(m.Leads)} leads; MQL {N(m.Mql)}, SQL {N(m.Sql)}")
                    : w.Say($"{N(m.Deals)} ÷ {w.Pct(m.CrSqlToWon)} = {N(m.Sql)} SQL; {N(m.Sql)} ÷ {w.Pct(m.CrMqlToSql)} = {N(m.Mql)} MQL; " +
                            $"{N(m.Mql)} ÷ {w.Pct(m.CrLeadToMql)} = {N(m.Leads)} лидов",
                        $"{N(m.Deals)} ÷ {w.Pct(m.CrSqlToWon)} = {N(m.Sql)} SQL; {N(m.Sql)} ÷ {w.Pct(m.CrMqlToSql)} = {N(m.Mql)} MQL; " +
                            $"{N(m.Mql)} ÷ {w.Pct(m.CrLeadToMql)} = {N(m.Leads)} leads");
                return $"{deals}; {up}; {budget}";
            case MetricKeys.Sql or MetricKeys.Mql:
                return w.Say(
                    $"{N(m.Sql)} SQL ÷ {w.Pct(m.CrMqlToSql)} = {N(m.Mql)} MQL; {N(m.Mql)} ÷ {w.Pct(m.CrLeadToMql)} = {N(m.Leads)} лидов; " +
                        $"{N(m.Sql)} SQL × {w.Pct(m.CrSqlToWon)} = {N(m.Deals)} сделок × {w.Money(m.AverageDeal)} = {w.Money(m.Revenue)}; {budget}",
                    $"{N(m.Sql)} SQL ÷ {w.Pct(m.CrMqlToSql)} = {N(m.Mql)} MQL; {N(m.Mql)} ÷ {w.Pct(m.CrLeadToMql)} = {N(m.Leads)} leads; " +
                        $"{N(m.Sql)} SQL × {w.Pct(m.CrSqlToWon)} = {N(m.Deals)} deals × {w.Money(m.AverageDeal)} = {w.Money(m.Revenue)}; {budget}");
            default:
                var down = byLeadToWon
                    ? w.Say($"{N(m.Leads)} лидов × {w.Pct(m.CrLeadToWon)} (лид→сделка) = {N(m.Deals)} сделок",
                        $"{N(m.Leads)} leads × {w.Pct(m.CrLeadToWon)} (lead→deal) = {N(m.Deals)} deals")
                    : w.Say($"{N(m.Leads)} лидов × {w.Pct(m.CrLeadToMql)} = {N(m.Mql)} MQL × {w.Pct(m.CrMqlToSql)} = {N(m.Sql)} SQL × " +
                            $"{w.Pct(m.CrSqlToWon)} = {N(m.Deals)} сделок",
                        $"{N(m.Leads)} leads × {w.Pct(m.CrLeadToMql)} = {N(m.Mql)} MQL × {w.Pct(m.CrMqlToSql)} = {N(m.Sql)} SQL × " +
                            $"{w.Pct(m.CrSqlToWon)} = {N(m.Deals)} deals");
                return w.Say($"{down}; × {w.Money(m.AverageDeal)} = {w.Money(m.Revenue)}; {budget}",
                    $"{down}; × {w.Money(m.AverageDeal)} = {w.Money(m.Revenue)}; {budget}");
        }
    }

    private static void CheckConsistency(Inputs inputs, IReadOnlyList<TeamMonth> months)
    {
        if (inputs.GoalOn(MetricKeys.CrLeadToWon) is not { } goal)
            return;
        var worst = months.Select((m, k) => (m, k)).FirstOrDefault(x => x.m.Deals > x.m.Sql);
        if (worst.m is null)
            return;
        var w = inputs.W;
        var m = worst.m;
        Warn(inputs, "funnel_inconsistent",
            $"Цель «{goal.Goal.Text}» требует {w.Pct(m.CrLeadToWon)} лидов в сделки, а конверсии этапов доводят до SQL только " +
            $"{w.Pct(m.CrLeadToMql * m.CrMqlToSql)} (лид→MQL {w.Pct(m.CrLeadToMql)} × MQL→SQL {w.Pct(m.CrMqlToSql)}): в {inputs.Periods[worst.k]} " +
            $"сделок {w.Num(Count(m.Deals))} больше, чем SQL {w.Num(Count(m.Sql))}. Уточните конверсии этапов в экономике.",
            $"The goal '{goal.Goal.Text}' needs {w.Pct(m.CrLeadToWon)} of leads to become deals, while the stage conversions bring only " +
            $"{w.Pct(m.CrLeadToMql * m.CrMqlToSql)} to SQL (lead→MQL {w.Pct(m.CrLeadToMql)} × MQL→SQL {w.Pct(m.CrMqlToSql)}): in {inputs.Periods[worst.k]} " +
            $"deals ({w.Num(Count(m.Deals))}) exceed SQL ({w.Num(Count(m.Sql))}). Give the stage conversions in the economics.");
    }

    private static void CheckBudget(Inputs inputs, TeamMonth current, IReadOnlyList<TeamMonth> months)
    {
        if (inputs.Budget is not { } available)
            return;
        var w = inputs.W;
        var shortMonths = months.Select((m, k) => (m, k)).Where(x => inputs.RoundMoney(x.m.Budget) > available).ToList();
        if (shortMonths.Count == 0)
            return;
        var (worst, at) = shortMonths.MaxBy(x => x.m.Budget);
        var affordable = worst.Cpl == 0 ? 0 : available / worst.Cpl;
        var needed = affordable == 0 ? 0 : worst.Deals / affordable;
        var period = inputs.Periods[at].ToString();
        Warn(inputs, "budget_short",
            $"Бюджета не хватает в {shortMonths.Count} из {months.Count} мес.: в {period} нужно {w.Money(worst.Budget)} " +
            $"({w.Num(Count(worst.Leads))} лидов × {w.Money(worst.Cpl)}), а есть {w.Money(available)} — не хватает {w.Money(worst.Budget - available)}. " +
            $"На {w.Money(available)} выйдет {w.Num(Count(affordable))} лидов; для {w.Num(Count(worst.Deals))} сделок из них конверсия лид→сделка должна быть " +
            $"{w.Pct(needed)} вместо {w.Pct(current.CrLeadToWon)}.",
            $"The budget is short in {shortMonths.Count} of {months.Count} months: {period} needs {w.Money(worst.Budget)} " +
            $"({w.Num(Count(worst.Leads))} leads × {w.Money(worst.Cpl)}) and {w.Money(available)} is available, {w.Money(worst.Budget - available)} short. " +
            $"{w.Money(available)} buys {w.Num(Count(affordable))} leads; to make {w.Num(Count(worst.Deals))} deals of them, lead→deal conversion must be " +
            $"{w.Pct(needed)} instead of {w.Pct(current.CrLeadToWon)}.");
        if (current.CrLeadToWon > 0 && needed / current.CrLeadToWon - 1 > GenerationPolicy.PlausibleChangePerQuarter)
            Warn(inputs, "implausible_conversion",
                $"Конверсия лид→сделка {w.Pct(needed)} — это рост на {w.Pct(needed / current.CrLeadToWon - 1)} к текущей {w.Pct(current.CrLeadToWon)}, " +
                "больше правдоподобных 50 %: цель недостижима при этом бюджете. Увеличьте бюджет или снизьте цель.",
                $"A lead→deal conversion of {w.Pct(needed)} is {w.Pct(needed / current.CrLeadToWon - 1)} above the current {w.Pct(current.CrLeadToWon)}, " +
                "more than a plausible 50 %: the goal is out of reach on this budget. Raise the budget or lower the goal.");
    }

    private static void Warn(Inputs inputs, string code, string ru, string en) => inputs.Warn(code, ru, en);

    public static decimal Count(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    public static decimal Ratio(decimal value) => Trim(Math.Round(value, 4, MidpointRounding.AwayFromZero));

    /// <summary>The same value without trailing zeros, so that serialized plans do not carry multiplication's scale.</summary>
    public static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;
}
