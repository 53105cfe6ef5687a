using System.Globalization;
using Npgsql;

namespace Saas.Bench;

/// <summary>A year of a sales and marketing department, from a seed: 200 employees in six teams, and lead funnels day by
/// day over the months ending with the reported one. A third of the leads were touched by ads before they were created
/// (half of those then come by a direct visit, which last-non-direct attribution passes over); each is assigned once to a
/// sales manager or an SDR and answered by them (mostly within minutes in working hours, leads of the evening and weekend
/// the next working morning, some late, some never), then disqualified with a catalogue reason or qualified (MQL, SAL,
/// SQL) and won or lost; plus ad spend per day, channel and campaign. Events are written in time order, as integrations
/// post them, and none is in the future.</summary>
public sealed class ReportsData
{
    public const string Currency = "RUB";

    /// <summary>Teams: name, department, role, headcount, base salary (RUB a month).</summary>
    private static readonly (string Team, string Department, string Role, int Count, decimal Salary)[] Staffing =
    [
        ("Продажи — Москва", "sales", "head_of_sales", 2, 250_000m), ("Продажи — Москва", "sales", StatementsData.SalesManager, 60, 110_000m),
        ("Продажи — регионы", "sales", "head_of_sales", 1, 220_000m), ("Продажи — регионы", "sales", StatementsData.SalesManager, 45, 90_000m),
        ("Входящие заявки", "sales", StatementsData.Sdr, 40, 70_000m),
        ("Ключевые клиенты", "account_management", StatementsData.KeyAccountManager, 10, 140_000m),
        ("Лидогенерация", "lead_generation", StatementsData.LeadGenerator, 20, 65_000m),
        ("Маркетинг", "marketing", "head_of_marketing", 2, 230_000m), ("Маркетинг", "marketing", StatementsData.Marketer, 20, 120_000m),
    ];

    /// <summary>Channels with their share of leads and number of campaigns (none: no campaign). "direct" is a typed-in
    /// visit, which last-non-direct attribution passes over when an ad touched the lead before.</summary>
    private static readonly (string Channel, int Weight, int Campaigns)[] Channels =
    [
        ("yandex_direct", 30, 14), ("vk_ads", 14, 8), ("telegram_ads", 8, 6), ("avito", 10, 6), ("email", 7, 5), ("seo", 15, 0), ("referral", 7, 0),
        ("direct", 9, 0),
    ];

    private static readonly string[] Hypotheses = ["Квиз вместо формы", "Звонок в течение 5 минут", "Кейс для B2B на главной", "Скидка 10% на первый заказ"];
    private static readonly string[] Reasons = ["not_target", "wrong_product", "no_budget", "no_contact", "duplicate", "spam", "competitor", "job_seeker", "other"];
    private static readonly int[] ReasonWeights = [25, 10, 20, 20, 8, 5, 4, 3, 5];

    private readonly Random _random;
    private readonly DateTimeOffset _start; // the first month's first day, Moscow
    private readonly DateTimeOffset _createdUntil; // leads are created until the period's end, or now
    private readonly DateTimeOffset _now;
    private readonly List<(string Channel, string? Campaign, string? Hypothesis)> _campaigns = [];
    private readonly Dictionary<string, long> _sequence = new() { [EventGenerator.Amo] = 0, [EventGenerator.Bitrix] = 0 };
    private readonly Dictionary<string, List<(string Channel, string? Campaign, string? Hypothesis)>> _byChannel;
    private List<Member> _handlers = [];
    private List<Member> _sales = [];
    private List<Member> _owners = [];

    public sealed record Member(Guid Id, Guid TeamId, string Name, string Role, string Department, decimal Salary, int AmoId, int StartOffset, double Diligence);

    public ReportsData(int seed, DateOnly firstMonth, DateOnly periodEnd, DateTimeOffset now)
    {
        _random = new Random(seed);
        _start = new DateTimeOffset(firstMonth.ToDateTime(TimeOnly.MinValue), StatementsData.Moscow);
        var end = new DateTimeOffset(periodEnd.ToDateTime(TimeOnly.MinValue), StatementsData.Moscow);
        _createdUntil = end < now ? end : now;
        _now = now;
        foreach (var (channel, _, campaigns) in Channels)
            for (var i = 1; i <= campaigns; i++)
                _campaigns.Add((channel, $"{channel}_{i:D2}", _campaigns.Count % 5 == 4 ? null : Hypotheses[_campaigns.Count % Hypotheses.Length]));
        _byChannel = Channels.ToDictionary(c => c.Channel, c => _campaigns.Where(k => k.Channel == c.Channel).ToList());
    }

    public List<Member> Staff { get; } = [];
    public Dictionary<string, Guid> Teams { get; } = [];
    public int CampaignCount => _campaigns.Count;
    public int ChannelCount => Channels.Length;
    public Dictionary<string, long> EventCounts { get; } = [];
    public long Events { get; private set; }

    public void MakeStaff()
    {
        foreach (var (team, department, role, count, salary) in Staffing)
        {
            if (!Teams.TryGetValue(team, out var teamId))
                Teams[team] = teamId = NewGuid();
            for (var i = 0; i < count; i++)
                Staff.Add(new Member(NewGuid(), teamId, $"Сотрудник {Staff.Count + 1:D3}", role, department, salary + _random.Next(-6, 7) * 5_000m,
                    200_000 + Staff.Count, _random.Next(400), 0.45 + 0.5 * _random.NextDouble()));
        }
        _handlers = Staff.Where(m => m.Role is StatementsData.SalesManager or StatementsData.Sdr).ToList();
        _sales = Staff.Where(m => m.Role == StatementsData.SalesManager).ToList();
        _owners = Staff.Where(m => m.Role is StatementsData.LeadGenerator or StatementsData.Marketer).ToList();
    }

    private Guid NewGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes);
    }

    // ---- Storing ----

    public async Task CreateStaffAsync(NpgsqlConnection db, Guid tenantId)
    {
        // Teams and employees are Marten documents (ADR 0012), written here as the API writes them.
        await using (var teams = new NpgsqlCommand("""
            insert into documents.mt_doc_team (tenant_id, id, data, mt_dotnet_type, mt_version)
            select $1::text, t.id,
                   jsonb_build_object('id', t.id, 'name', t.name, 'department', t.department, 'positions', '[]'::jsonb,
                                      'createdAt', now(), 'updatedAt', now()),
                   'Saas.Api.Features.Teams.Team', 1
            from unnest($2::uuid[], $3::text[], $4::text[]) t (id, name, department)
            """, db))
        {
            var list = Teams.Select(t => (t.Key, t.Value, Staff.First(m => m.TeamId == t.Value).Department)).ToList();
            teams.Parameters.Add(new() { Value = tenantId });
            teams.Parameters.Add(new() { Value = list.Select(t => t.Value).ToArray() });
            teams.Parameters.Add(new() { Value = list.Select(t => t.Key).ToArray() });
            teams.Parameters.Add(new() { Value = list.Select(t => t.Department).ToArray() });
            await teams.ExecuteNonQueryAsync();
        }
        await using var staff = new NpgsqlBatch(db);
        foreach (var sql in new[]
                 {
                     """
                     insert into documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, team_id, role, status)
                     select $1::text, s.id,
                            jsonb_build_object('id', s.id, 'fullName', s.name, 'role', s.role, 'department', s.department, 'teamId', s.team_id,
                                               'baseSalary', s.salary, 'currency', 'RUB', 'startDate', date '2024-09-01' + s.n, 'status', 'active',
                                               'externalIds', jsonb_build_object('amocrm', s.amo::text, 'bitrix24', 'b24-user-' || s.amo),
                                               'createdAt', now(), 'updatedAt', now()),
                            'Saas.Api.Features.Employees.Employee', 1, s.team_id, s.role, 'active'
                     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::numeric[], $8::int[], $9::int[])
                          s (id, name, role, department, team_id, salary, n, amo)
                     """,
                     """
                     insert into employee_external_ids (tenant_id, employee_id, system, external_id)
                     select $1, s.id, x.system, case x.system when 'amocrm' then s.amo::text else 'b24-user-' || s.amo end
                     from unnest($2::uuid[], $9::int[]) s (id, amo), (values ('amocrm'), ('bitrix24')) x (system)
                     """,
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in new object[]
                     {
                         tenantId, Staff.Select(m => m.Id).ToArray(), Staff.Select(m => m.Name).ToArray(), Staff.Select(m => m.Role).ToArray(),
                         Staff.Select(m => m.Department).ToArray(), Staff.Select(m => m.TeamId).ToArray(), Staff.Select(m => m.Salary).ToArray(),
                         Staff.Select(m => m.StartOffset).ToArray(), Staff.Select(m => m.AmoId).ToArray(),
                     })
                command.Parameters.Add(new() { Value = value });
            staff.BatchCommands.Add(command);
        }
        await staff.ExecuteNonQueryAsync();
    }

    /// <summary>Ad spend per day and campaign of the paid channels (SEO as one agency fee a day; referrals and direct
    /// visits cost nothing), over the same months.</summary>
    public async Task CreateSpendAsync(NpgsqlConnection db, Guid tenantId)
    {
        List<(string Channel, string Campaign)> paid = [.. _campaigns.Select(c => (c.Channel, c.Campaign!)), ("seo", "")];
        await using var spend = new NpgsqlCommand("""
            insert into spend (tenant_id, date, channel, campaign, amount, currency)
            select $1, d::date, c.channel, c.campaign, 1500 + (hashtext(c.campaign || c.channel || d::text) & 8191), 'RUB'
            from generate_series($2::date, $3::date - 1, interval '1 day') d, unnest($4::text[], $5::text[]) c (channel, campaign)
            """, db);
        spend.Parameters.Add(new() { Value = tenantId });
        spend.Parameters.Add(new() { Value = DateOnly.FromDateTime(_start.DateTime) });
        spend.Parameters.Add(new() { Value = DateOnly.FromDateTime(_createdUntil.ToOffset(StatementsData.Moscow).DateTime).AddDays(1) });
        spend.Parameters.Add(new() { Value = paid.Select(c => c.Channel).ToArray() });
        spend.Parameters.Add(new() { Value = paid.Select(c => c.Campaign).ToArray() });
        await spend.ExecuteNonQueryAsync();
    }

    /// <summary>Generates <paramref name="leads"/> lead funnels day by day and writes their events with one binary COPY in
    /// time order (a day's events once no later lead can add earlier ones), so that the table's physical order is that of
    /// a year of ingestion. Events at or after now are left out (funnels still running).</summary>
    public async Task CopyEventsAsync(NpgsqlConnection db, Guid tenantId, int leads)
    {
        var days = Math.Max(1, (int)Math.Ceiling((_createdUntil - _start).TotalDays));
        var weights = Enumerable.Range(0, days).Select(d => _start.AddDays(d).DayOfWeek switch
        {
            DayOfWeek.Saturday => 0.35,
            DayOfWeek.Sunday => 0.25,
            _ => 1.0,
        } * (0.8 + 0.4 * d / days)).ToArray(); // weekends quieter; the business grows over the year
        var total = weights.Sum();
        var pending = new PriorityQueue<Row, DateTimeOffset>();
        await using var copy = await db.BeginBinaryImportAsync($"copy events ({BareCopy.Columns}) from stdin (format binary)");
        var lead = 0;
        var cumulative = 0.0;
        for (var d = 0; d < days; d++)
        {
            var dayStart = _start.AddDays(d);
            Flush(copy, tenantId, pending, dayStart);
            cumulative += weights[d];
            var until = (int)Math.Round(leads * cumulative / total);
            var created = new List<DateTimeOffset>();
            while (lead + created.Count < until)
                created.Add(CreatedAt(dayStart));
            foreach (var at in created.Where(t => t < _createdUntil).Order())
                AddLead(pending, ++lead, at);
            lead = Math.Max(lead, until); // leads that would be created after now are not
        }
        Flush(copy, tenantId, pending, _now);
        await copy.CompleteAsync();
    }

    private void Flush(NpgsqlBinaryImporter copy, Guid tenantId, PriorityQueue<Row, DateTimeOffset> pending, DateTimeOffset before)
    {
        while (pending.TryPeek(out var row, out var at) && at < before)
        {
            pending.Dequeue();
            if (at >= _now)
                continue;
            var n = ++_sequence[row.Source];
            row.ExternalId = row.Source == EventGenerator.Amo ? $"{70_000_000 + n}" : $"evt-{n:x8}";
            StatementsData.WriteRow(copy, tenantId, row);
            EventCounts[row.Type] = EventCounts.GetValueOrDefault(row.Type) + 1;
            Events++;
        }
    }

    /// <summary>A lead's creation on a day: on weekdays mostly in working hours (busiest around midday), some in the
    /// evening or early morning; on weekends through the day.</summary>
    private DateTimeOffset CreatedAt(DateTimeOffset dayStart)
    {
        var weekend = dayStart.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        double hour;
        if (weekend)
            hour = 10 + 12 * _random.NextDouble();
        else if (_random.Next(100) < 85)
            hour = 9 + 4.5 * (_random.NextDouble() + _random.NextDouble()); // 09:00–18:00, peaking at 13:30
        else
            hour = _random.Next(2) == 0 ? 7 + 2 * _random.NextDouble() : 18 + 5.5 * _random.NextDouble();
        return dayStart.AddSeconds(Math.Floor(hour * 3600));
    }

    private static bool Working(DateTimeOffset at)
    {
        var local = at.ToOffset(StatementsData.Moscow);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is >= 9 and < 18;
    }

    /// <summary>The same instant when in working hours, else the next working day's opening plus a few minutes.</summary>
    private DateTimeOffset NextWorking(DateTimeOffset at)
    {
        if (Working(at))
            return at;
        var local = at.ToOffset(StatementsData.Moscow);
        var day = new DateTimeOffset(local.Date, StatementsData.Moscow);
        var opening = local.Hour < 9 ? day.AddHours(9) : day.AddDays(1).AddHours(9);
        while (opening.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            opening = opening.AddDays(1);
        return opening.AddSeconds(_random.Next(0, 20 * 60));
    }

    /// <summary>Something a person does <paramref name="minutes"/> after <paramref name="at"/>, moved into working hours.</summary>
    private DateTimeOffset Later(DateTimeOffset at, int minutes) => NextWorking(at.AddMinutes(minutes).AddSeconds(_random.Next(60)));

    private void AddLead(PriorityQueue<Row, DateTimeOffset> pending, int lead, DateTimeOffset at)
    {
        void Add(Row row) => pending.Enqueue(row, row.OccurredAt);
        var source = _random.Next(100) < 70 ? EventGenerator.Amo : EventGenerator.Bitrix;
        var leadId = source == EventGenerator.Amo ? (40_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"LEAD_{lead}";

        // Ads that touched the lead before the form: 35 % of leads; half of those then come back by a direct visit.
        var (channel, campaign, hypothesis) = Pick();
        var touches = _random.Next(100) < 35 ? _random.Next(1, 4) : 0;
        var before = at;
        for (var i = 0; i < touches; i++)
        {
            var (tc, tk, th) = i == 0 || _random.Next(2) == 0 ? (channel, campaign, hypothesis) : Pick();
            before = before.AddMinutes(-_random.Next(10, 3 * 24 * 60));
            Add(new Row { Source = source, Type = "lead.touch", OccurredAt = before, LeadId = leadId, Channel = tc, Campaign = tk, Hypothesis = th });
        }
        if (touches > 0 && _random.Next(2) == 0)
            (channel, campaign, hypothesis) = ("direct", null, null);
        var owner = _random.Next(100) < 40 ? _owners[_random.Next(_owners.Count)] : null; // brought by a lead generator or a marketer
        Add(new Row
        {
            Source = source, Type = "lead.created", OccurredAt = at, LeadId = leadId, Channel = channel, Campaign = campaign, Hypothesis = hypothesis,
            EmployeeId = owner?.Id,
        });
        if (_random.Next(100) < 10)
            Add(new Row { Source = source, Type = "lead.touch", OccurredAt = at.AddHours(_random.Next(1, 72)), LeadId = leadId, Channel = "email", Campaign = "email_01" });

        // Routed at once, once, to a sales manager or an SDR (105 and 40 people); 4 % are never assigned.
        if (_random.Next(100) < 4)
            return;
        var handler = _handlers[_random.Next(_handlers.Count)];
        Add(new Row { Source = source, Type = "lead.assigned", OccurredAt = at.AddSeconds(_random.Next(5, 120)), LeadId = leadId, EmployeeId = handler.Id });

        // The first response: within the 5-minute SLA as often as the handler's diligence, else late; 6 % never.
        DateTimeOffset? answered = null;
        if (_random.Next(100) >= 6)
        {
            var seconds = _random.NextDouble() < handler.Diligence ? _random.Next(20, 290)
                : _random.Next(100) < 75 ? _random.Next(300, 3600) : _random.Next(3600, 3 * 24 * 3600);
            answered = NextWorking(NextWorking(at).AddSeconds(seconds));
            Add(new Row { Source = source, Type = "lead.first_response", OccurredAt = answered.Value, LeadId = leadId, EmployeeId = handler.Id });
        }
        var next = answered ?? at;

        // 35 % disqualified with a catalogue reason ('other' with a comment), by the handler.
        var outcome = _random.Next(100);
        if (outcome < 35)
        {
            var reason = Pick(Reasons, ReasonWeights);
            Add(new Row
            {
                Source = source, Type = "lead.disqualified", OccurredAt = Later(next, _random.Next(10, 3 * 24 * 60)), LeadId = leadId, EmployeeId = handler.Id,
                ReasonCode = reason, Comment = reason == "other" ? "Просит перезвонить после нового года" : null,
            });
            return;
        }
        if (outcome >= 75)
            return; // still in work, or went quiet
        // MQL 40 %, SAL 24 %, SQL 16 %, won 4 %, lost 6 % of all leads.
        next = Later(next, _random.Next(30, 2 * 24 * 60));
        Add(new Row { Source = source, Type = "lead.mql", OccurredAt = next, LeadId = leadId });
        var sal = _random.Next(100) < 60;
        if (sal)
        {
            next = Later(next, _random.Next(30, 24 * 60));
            Add(new Row { Source = source, Type = "lead.sal", OccurredAt = next, LeadId = leadId });
        }
        if (_random.Next(100) >= (sal ? 65 : 5))
            return;
        next = Later(next, _random.Next(60, 3 * 24 * 60));
        Add(new Row { Source = source, Type = "lead.sql", OccurredAt = next, LeadId = leadId, EmployeeId = handler.Role == StatementsData.Sdr ? handler.Id : null });
        var deal = _random.Next(100);
        if (deal >= 65)
            return;
        var dealId = source == EventGenerator.Amo ? (90_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"DEAL_{lead}";
        next = Later(next, _random.Next(2 * 60, 14 * 24 * 60));
        if (deal >= 25)
        {
            Add(new Row { Source = source, Type = "deal.lost", OccurredAt = next, LeadId = leadId, DealId = dealId });
            return;
        }
        var closer = handler.Role == StatementsData.SalesManager ? handler : _sales[_random.Next(_sales.Count)];
        var currency = _random.Next(100) < 3 ? "USD" : Currency;
        var amount = _random.Next(30, 2000) * 1000m;
        Add(new Row { Source = source, Type = "deal.won", OccurredAt = next, LeadId = leadId, DealId = dealId, Amount = amount, Currency = currency, EmployeeId = closer.Id });
        if (_random.Next(100) < 2) // the CRM corrects the amount: the later version is in force
            Add(new Row
            {
                Source = source, Type = "deal.won", OccurredAt = Later(next, _random.Next(60, 48 * 60)), LeadId = leadId, DealId = dealId, Amount = amount + 15_000m,
                Currency = currency, EmployeeId = closer.Id,
            });
    }

    private (string Channel, string? Campaign, string? Hypothesis) Pick()
    {
        var roll = _random.Next(100);
        var channel = Channels.First(c => (roll -= c.Weight) < 0).Channel;
        var campaigns = _byChannel[channel];
        return campaigns.Count == 0 ? (channel, null, null) : campaigns[_random.Next(campaigns.Count)];
    }

    private string Pick(string[] values, int[] weights)
    {
        var roll = _random.Next(weights.Sum());
        for (var i = 0; i < values.Length; i++)
            if ((roll -= weights[i]) < 0)
                return values[i];
        return values[^1];
    }
}
