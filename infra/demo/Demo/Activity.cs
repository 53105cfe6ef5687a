using System.Globalization;

namespace Saas.Demo;

/// <summary>One event as <c>POST /api/v1/actuals/events</c> takes it (nulls are left out of the JSON).</summary>
public sealed record Event(
    string Source,
    string ExternalId,
    string Type,
    DateTimeOffset OccurredAt,
    string? LeadId = null,
    string? DealId = null,
    string? AccountId = null,
    string? EmployeeExternalId = null,
    string? Channel = null,
    string? Campaign = null,
    string? Hypothesis = null,
    decimal? Amount = null,
    string? Currency = null,
    string? ReasonCode = null,
    string? Comment = null);

/// <summary>A month's leads and how far they got by the end, as the funnel, SLA and disqualification reports count them.</summary>
public sealed class Cohort
{
    public int Leads, Mql, Sal, Sql, Won, NonTarget, Breaches;
    public decimal Revenue;
}

/// <summary>One day's ad spend of a campaign (<c>POST /api/v1/actuals/spend</c>).</summary>
public sealed record Spend(DateOnly Date, string Channel, string? Campaign, decimal Amount, string Currency);

/// <summary>The tenant's default working time, Mon–Fri 09:00–18:00 in Moscow (UTC+3 all year), in which the
/// 5-minute first-response SLA counts.</summary>
public static class WorkingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(3);
    private static readonly TimeSpan DayStart = TimeSpan.FromHours(9);
    private static readonly TimeSpan DayEnd = TimeSpan.FromHours(18);

    public static bool IsWorkday(DateTime day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static bool IsWorking(DateTimeOffset at) => IsWorkday(at.DateTime) && at.TimeOfDay >= DayStart && at.TimeOfDay < DayEnd;

    /// <summary>The moment <paramref name="minutes"/> working minutes after <paramref name="start"/>: nights and weekends do not count.</summary>
    public static DateTimeOffset AddWorkingMinutes(DateTimeOffset start, double minutes)
    {
        var at = start;
        var left = TimeSpan.FromMinutes(minutes);
        while (true)
        {
            if (!IsWorkday(at.DateTime) || at.TimeOfDay >= DayEnd)
            {
                at = new DateTimeOffset(at.Date.AddDays(1) + DayStart, Offset);
                continue;
            }
            if (at.TimeOfDay < DayStart)
                at = new DateTimeOffset(at.Date + DayStart, Offset);
            var untilEnd = at.Date + DayEnd - at.DateTime;
            if (left <= untilEnd)
                return at + left;
            left -= untilEnd;
            at = new DateTimeOffset(at.Date.AddDays(1) + DayStart, Offset);
        }
    }
}

/// <summary>Months of a CRM's and ad platforms' activity, drawn from one seeded random sequence: the same seed gives the
/// same events. Each lead is created, assigned to a sales manager, answered (mostly within 5 working minutes, a
/// sloppy manager later) and then either disqualified with a reason from the tenant's catalogue or qualified (MQL, SAL,
/// SQL) towards a deal won or lost. Conversion and lead quality improve month by month, as the plan asks. Nothing
/// happens at or after <c>end</c>: a deal that would close later stays open.</summary>
public sealed class Activity(int seed, DateOnly firstMonth, int months, int leadsPerMonth)
{
    private readonly Random _random = new(seed);
    private readonly HashSet<int> _churned = [];

    public List<Event> Events { get; } = [];

    /// <summary>What the reports of each month (by the leads created in it) must show, as the generator made it happen.</summary>
    public Dictionary<string, Cohort> Cohorts { get; } = [];

    /// <summary>Deals won per month (in Moscow) and closing sales manager (CRM id): what their statements count.</summary>
    public Dictionary<(string Month, string Manager), (int Deals, decimal Revenue)> Won { get; } = [];

    public List<Spend> Spend { get; } = [];
    public int Leads { get; private set; }
    public DateTimeOffset End => At(firstMonth.AddMonths(months), TimeSpan.Zero);

    public Activity Generate()
    {
        for (var m = 0; m < months; m++)
        {
            var month = firstMonth.AddMonths(m);
            var count = (int)Math.Round(leadsPerMonth * (1 + 0.07 * m) * Between(0.95, 1.05));
            var days = Enumerable.Range(0, month.AddMonths(1).DayNumber - month.DayNumber).Select(month.AddDays).ToList();
            var weights = days.Select(d => WorkingTime.IsWorkday(d.ToDateTime(TimeOnly.MinValue)) ? 1.0 : 0.3).ToList();
            for (var i = 0; i < count; i++)
                AddLead($"L-{month:yyMM}-{i + 1:D4}", days[Pick(weights)], m);
            AddAccounts(month, m);
            foreach (var day in days)
                AddSpend(day, m);
        }
        Events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return this;
    }

    private void AddLead(string leadId, DateOnly day, int monthIndex)
    {
        Leads++;
        var events = new List<Event>();
        var n = 0;
        void Add(string type, DateTimeOffset at, string? employee = null, string? channel = null, string? campaign = null, string? hypothesis = null,
            string? dealId = null, decimal? amount = null, string? reason = null, string? comment = null) =>
            events.Add(new Event(Company.Crm, $"{leadId}-{++n}", type, Truncate(at), leadId, dealId, null, employee, channel, campaign, hypothesis, amount,
                amount is null ? null : Company.Currency, reason, comment));

        var workday = WorkingTime.IsWorkday(day.ToDateTime(TimeOnly.MinValue));
        var time = !workday ? Hours(10, 22) : Chance(0.78) ? Hours(9, 18) : Chance(0.5) ? Hours(7, 9) : Hours(18, 23.5);
        var created = At(day, time);
        var source = Company.Sources[Pick(Company.Sources.Select(s => s.Weight).ToList())];
        var owner = source.Owner is null ? null : Company.Get(source.Owner).CrmId;
        var managers = Company.SalesManagers.ToList();
        var manager = managers[Pick([0.36, 0.34, 0.30])];

        // Some leads saw an ad first and came back typing the address: the touch carries the source, the lead says "direct".
        if (Chance(source.TouchShare))
        {
            Add("lead.touch", created - TimeSpan.FromMinutes(Between(20, 3 * 24 * 60)), channel: source.Channel, campaign: source.Campaign,
                hypothesis: source.Hypothesis);
            Add("lead.created", created, owner, channel: "direct");
        }
        else
        {
            Add("lead.created", created, owner, source.Channel, source.Campaign, source.Hypothesis);
        }
        Add("lead.assigned", created + TimeSpan.FromSeconds(Between(5, 40)), manager.CrmId);

        // First response: within 5 working minutes, or late as the manager's habit has it, or (rarely) never.
        var late = false;
        if (Chance(0.02))
        {
            Keep(events);
            return;
        }
        late = Chance(manager.LateShare);
        var minutes = late ? Math.Min(240, 5.5 + Exponential(25)) : Between(0.4, 4.8);
        var responded = WorkingTime.AddWorkingMinutes(created, minutes);
        Add("lead.first_response", responded, manager.CrmId);

        var nonTarget = Chance(source.NonTarget * (1 - 0.06 * monthIndex));
        if (nonTarget && Chance(0.7))
        {
            // Sales sees at the first call that this is not a customer.
            Disqualify(responded + TimeSpan.FromMinutes(Between(3, 60)));
            Keep(events);
            return;
        }
        var mql = created + TimeSpan.FromMinutes(Between(10, 6 * 60));
        if (mql < responded)
            mql = responded + TimeSpan.FromMinutes(Between(2, 30));
        Add("lead.mql", mql);
        if (nonTarget || !Chance(0.88))
        {
            // Marketing qualified it, sales did not accept it (SAL): the reason goes back to marketing.
            Disqualify(mql + TimeSpan.FromHours(Between(1, 48)));
            Keep(events);
            return;
        }
        var sal = mql + TimeSpan.FromHours(Between(1, 48));
        Add("lead.sal", sal, manager.CrmId);
        if (!Chance(0.60))
        {
            if (Chance(0.5))
                Disqualify(sal + TimeSpan.FromDays(Between(1, 7)), Chance(0.6) ? "no_budget" : "competitor");
            Keep(events);
            return;
        }
        var sql = sal + TimeSpan.FromDays(Between(1, 6));
        Add("lead.sql", sql, manager.CrmId);
        var closed = sql + TimeSpan.FromDays(Between(2, 18));
        var dealId = "D" + leadId[1..];
        if (Chance(0.46 + 0.06 * monthIndex + manager.WinBonus))
        {
            var amount = Math.Max(30_000m, Math.Round(source.AverageDeal * (decimal)Math.Exp(Normal() * 0.45 - 0.1) / 1000m) * 1000m);
            Add("deal.won", closed, manager.CrmId, dealId: dealId, amount: amount);
        }
        else
        {
            Add("deal.lost", closed, manager.CrmId, dealId: dealId, comment: Chance(0.5) ? "Выбрали решение дешевле" : "Отложили проект на следующий год");
        }
        Keep(events);

        void Disqualify(DateTimeOffset at, string? code = null)
        {
            code ??= Company.Reasons[Pick(Company.Reasons.Select(r => r.Weight).ToList())].Code;
            Add("lead.disqualified", at, manager.CrmId, reason: code,
                comment: code == "other" ? Company.OtherComments[_random.Next(Company.OtherComments.Length)] : null);
        }

        /// <summary>What happened before the end; a later event (and so everything after it) has not happened yet.</summary>
        void Keep(List<Event> all)
        {
            var kept = all.Where(e => e.OccurredAt < End).ToList();
            Events.AddRange(kept);
            var month = Month(created);
            if (!Cohorts.TryGetValue(month, out var cohort))
                Cohorts[month] = cohort = new Cohort();
            bool Has(string type) => kept.Any(e => e.Type == type);
            cohort.Leads++;
            cohort.Mql += Has("lead.mql") ? 1 : 0;
            cohort.Sal += Has("lead.sal") ? 1 : 0;
            cohort.Sql += Has("lead.sql") ? 1 : 0;
            cohort.NonTarget += Has("lead.disqualified") ? 1 : 0;
            cohort.Breaches += late || !Has("lead.first_response") ? 1 : 0;
            if (kept.FirstOrDefault(e => e.Type == "deal.won") is { } won)
            {
                cohort.Won++;
                cohort.Revenue += won.Amount!.Value;
                var key = (Month(won.OccurredAt), won.EmployeeExternalId!);
                var (deals, revenue) = Won.GetValueOrDefault(key);
                Won[key] = (deals + 1, revenue + won.Amount!.Value);
            }
        }
    }

    private static string Month(DateTimeOffset at) => at.ToOffset(WorkingTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The key account manager's month: renewals and churn of accounts that come up, and cross-sales.</summary>
    private void AddAccounts(DateOnly month, int monthIndex)
    {
        var kam = Company.Staff.Single(p => p.Role == "key_account_manager").CrmId;
        var days = Enumerable.Range(0, month.AddMonths(1).DayNumber - month.DayNumber).Select(month.AddDays)
            .Where(d => WorkingTime.IsWorkday(d.ToDateTime(TimeOnly.MinValue))).ToList();
        var n = 0;
        void Add(string type, int account, decimal? amount, string? comment = null) =>
            Events.Add(new Event(Company.Crm, $"acc-{month:yyMM}-{++n}", type, Truncate(At(days[_random.Next(days.Count)], Hours(10, 17.5))),
                AccountId: $"ACC-{account:D3}", EmployeeExternalId: kam, Amount: amount, Currency: amount is null ? null : Company.Currency, Comment: comment));

        for (var account = 1; account <= Company.KeyAccounts; account++)
        {
            if (_churned.Contains(account) || !Chance(0.22))
                continue;
            if (Chance(0.12 - 0.02 * monthIndex))
            {
                _churned.Add(account);
                Add("account.churned", account, null, "Перешли к конкуренту после смены руководителя");
            }
            else
            {
                Add("account.renewed", account, Math.Round((decimal)Between(150_000, 600_000) / 1000m) * 1000m);
            }
        }
        var crossSales = 4 + _random.Next(4) + monthIndex;
        for (var i = 0; i < crossSales; i++)
        {
            var account = 1 + _random.Next(Company.KeyAccounts);
            if (!_churned.Contains(account))
                Add("account.cross_sold", account, Math.Round((decimal)Between(40_000, 250_000) / 1000m) * 1000m);
        }
    }

    private void AddSpend(DateOnly day, int monthIndex)
    {
        var weekend = !WorkingTime.IsWorkday(day.ToDateTime(TimeOnly.MinValue));
        foreach (var source in Company.Sources.Where(s => s.SpendPerDay > 0))
        {
            var amount = source.SpendPerDay * (weekend ? 0.6m : 1m) * (decimal)Between(0.8, 1.2) * (1 + 0.04m * monthIndex);
            Spend.Add(new Spend(day, source.Channel, source.Campaign, Math.Round(amount / 10m) * 10m, Company.Currency));
        }
    }

    private static DateTimeOffset At(DateOnly day, TimeSpan time) => new(day.ToDateTime(TimeOnly.MinValue) + time, WorkingTime.Offset);

    private static DateTimeOffset Truncate(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);

    private TimeSpan Hours(double from, double to) => TimeSpan.FromHours(Between(from, to));

    private double Between(double from, double to) => from + _random.NextDouble() * (to - from);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private int Pick(IReadOnlyList<double> weights)
    {
        var x = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
                return i;
        }
        return weights.Count - 1;
    }
}
