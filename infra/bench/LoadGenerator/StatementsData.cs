using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Saas.Bench;

/// <summary>An employee of the statements benchmark's tenant.</summary>
public sealed record StaffMember(Guid Id, string Name, string Role, string Department, decimal BaseSalary, DateOnly StartDate, DateOnly? EndDate,
    string AmoId, string BitrixId)
{
    public string ExternalId(string source) => source == EventGenerator.Amo ? AmoId : BitrixId;
}

/// <summary>One stored event row, as the bare COPY writes it (the API would resolve the same).</summary>
public sealed class Row
{
    public required string Source;
    public string ExternalId = "";
    public required string Type;
    public required DateTimeOffset OccurredAt;
    public string? LeadId;
    public string? DealId;
    public string? AccountId;
    public Guid? EmployeeId;
    public string? Channel;
    public string? Campaign;
    public string? Hypothesis;
    public decimal? Amount;
    public string? Currency;
    public string? ReasonCode;
    public string? Comment;
    public string? SplitsJson;
}

/// <summary>A month of a large sales and marketing organisation, from a seed: employees by role, an active plan with
/// an assignment per role, and the month's events (lead funnels handled by SDRs and sales managers, leads owned by lead
/// generators and marketers, deals won and split, refunds and re-won deals, key accounts renewed, churned and cross-sold).</summary>
public sealed class StatementsData
{
    public static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    public const string SalesManager = "sales_manager";
    public const string Sdr = "sdr";
    public const string LeadGenerator = "lead_generator";
    public const string Marketer = "marketer";
    public const string KeyAccountManager = "key_account_manager";
    public const string CustomerService = "customer_service"; // not in the plan

    /// <summary>Roles the plan covers, with their share of the staff and department.</summary>
    private static readonly (string Role, string Department, int Weight, decimal Salary)[] Roles =
    [
        (SalesManager, "sales", 45, 100_000m), (Sdr, "sales", 25, 70_000m), (LeadGenerator, "lead_generation", 10, 60_000m),
        (Marketer, "marketing", 8, 110_000m), (KeyAccountManager, "account_management", 10, 120_000m), (CustomerService, "customer_service", 2, 65_000m),
    ];

    private static readonly string[] Channels = ["yandex_direct", "google_ads", "vk_ads", "seo", "referral", "email", "telegram", "partners"];
    private static readonly int[] ChannelWeights = [30, 12, 14, 15, 8, 8, 8, 5];
    private static readonly string[] Reasons = ["not_target", "wrong_product", "no_budget", "no_contact", "duplicate", "spam", "competitor", "job_seeker", "other"];
    private static readonly int[] ReasonWeights = [25, 10, 20, 20, 8, 5, 4, 3, 5];

    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end; // exclusive: the period's end, or now when earlier
    private readonly int _days;

    public StatementsData(int seed, DateOnly periodStart, DateOnly periodEnd, DateTimeOffset now)
    {
        _random = new Random(seed);
        _start = new DateTimeOffset(periodStart.ToDateTime(TimeOnly.MinValue), Moscow);
        var end = new DateTimeOffset(periodEnd.ToDateTime(TimeOnly.MinValue), Moscow);
        _end = end < now ? end : now;
        _days = Math.Max(1, (int)Math.Floor((_end - _start).TotalDays));
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
    }

    public DateOnly PeriodStart { get; }
    public DateOnly PeriodEnd { get; }
    public List<StaffMember> Staff { get; } = [];

    /// <summary>The staff: 98 % in roles the plan covers; 1 % joined in the middle of the period (prorated), 0.5 % left
    /// during it (prorated), 1 % left before it (not covered).</summary>
    public void MakeStaff(int count)
    {
        var total = Roles.Sum(r => r.Weight);
        for (var i = 1; i <= count; i++)
        {
            var roll = _random.Next(total);
            var (role, department, _, salary) = Roles.First(r => (roll -= r.Weight) < 0);
            var bytes = new byte[16];
            _random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            var start = new DateOnly(2024, 1, 1).AddDays(_random.Next(600));
            DateOnly? end = null;
            var life = _random.Next(1000);
            if (life < 10)
                start = PeriodStart.AddDays(15);
            else if (life < 15)
                end = PeriodStart.AddDays(19);
            else if (life < 25)
                end = PeriodStart.AddDays(-1).AddMonths(-1);
            Staff.Add(new StaffMember(new Guid(bytes), $"Сотрудник {i:D5}", role, department, salary + _random.Next(-10, 11) * 5_000m, start, end,
                (100_000 + i).ToString(CultureInfo.InvariantCulture), $"b24-user-{i}"));
        }
    }

    /// <summary>Employees a statement is expected for: in a role of the plan and employed during the period.</summary>
    public int Covered => Staff.Count(e => e.Role != CustomerService && e.StartDate < PeriodEnd && (e.EndDate is null || e.EndDate >= PeriodStart));

    private List<StaffMember> Active(string role) => Staff.Where(e => e.Role == role && (e.EndDate is null || e.EndDate >= PeriodStart)).ToList();

    /// <summary>Exactly <paramref name="count"/> events in the period, in time order, with per-source external ids.</summary>
    public List<Row> Generate(int count)
    {
        var sales = Active(SalesManager);
        var sdrs = Active(Sdr);
        var leadGenerators = Active(LeadGenerator);
        var marketers = Active(Marketer);
        var accountManagers = Active(KeyAccountManager);
        var rows = new List<Row>(count + 64);

        // Key accounts: renewals, churn, cross-sales, complaints and upsell deals, about 3 % of the events.
        var accountEvents = count * 3 / 100;
        var account = 0;
        while (rows.Count < accountEvents && accountManagers.Count > 0)
        {
            var kam = accountManagers[_random.Next(accountManagers.Count)];
            var source = _random.Next(100) < 75 ? EventGenerator.Amo : EventGenerator.Bitrix;
            var at = Moment();
            var accountId = $"ACC-{++account % 40_000}";
            var roll = _random.Next(100);
            if (roll < 40)
                rows.Add(new Row { Source = source, Type = "account.renewed", OccurredAt = at, AccountId = accountId, EmployeeId = kam.Id });
            else if (roll < 50)
                rows.Add(new Row { Source = source, Type = "account.churned", OccurredAt = at, AccountId = accountId, EmployeeId = kam.Id });
            else if (roll < 75)
                rows.Add(new Row
                {
                    Source = source, Type = "account.cross_sold", OccurredAt = at, AccountId = accountId, EmployeeId = kam.Id,
                    Amount = _random.Next(10, 500) * 1000m, Currency = "RUB",
                });
            else if (roll < 82)
                rows.Add(new Row { Source = source, Type = "complaint.registered", OccurredAt = at, AccountId = accountId, EmployeeId = kam.Id });
            else
                rows.Add(new Row
                {
                    Source = source, Type = "deal.won", OccurredAt = at, DealId = $"UP-{account}", AccountId = accountId, EmployeeId = kam.Id,
                    Amount = _random.Next(100, 3000) * 1000m, Currency = "RUB",
                });
        }

        var lead = 0;
        while (rows.Count < count)
            AddLead(rows, ++lead, sales, sdrs, leadGenerators, marketers);

        var ordered = rows.Where(r => r.OccurredAt < _end).Select((r, i) => (r, i)).OrderBy(p => p.r.OccurredAt).ThenBy(p => p.i).Select(p => p.r).ToList();
        // Funnels cut at the period's end leave fewer than asked: top up with more leads' first events, still in time.
        while (ordered.Count < count)
        {
            var more = new List<Row>();
            AddLead(more, ++lead, sales, sdrs, leadGenerators, marketers);
            ordered.AddRange(more.Where(r => r.OccurredAt < _end));
        }
        ordered = ordered.Take(count).OrderBy(r => r.OccurredAt).ToList();
        var sequence = new Dictionary<string, long> { [EventGenerator.Amo] = 0, [EventGenerator.Bitrix] = 0 };
        foreach (var row in ordered)
        {
            var n = ++sequence[row.Source];
            row.ExternalId = row.Source == EventGenerator.Amo ? $"{60_000_000 + n}" : $"evt-{n:x8}";
        }
        return ordered;
    }

    private DateTimeOffset Moment() => _start.AddDays(_random.Next(_days)).AddSeconds(_random.Next(8 * 3600, 20 * 3600));

    private void AddLead(List<Row> rows, int lead, List<StaffMember> sales, List<StaffMember> sdrs, List<StaffMember> leadGenerators,
        List<StaffMember> marketers)
    {
        var source = _random.Next(100) < 75 ? EventGenerator.Amo : EventGenerator.Bitrix;
        var leadId = source == EventGenerator.Amo ? (30_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"LEAD_{lead}";
        var channel = Pick(Channels, ChannelWeights);
        var campaign = channel is "seo" or "referral" ? null : $"{channel}_{_random.Next(1, 9):D2}";
        var at = Moment();
        var ownerRoll = _random.Next(100);
        var owner = ownerRoll < 35 && leadGenerators.Count > 0 ? leadGenerators[_random.Next(leadGenerators.Count)]
            : ownerRoll < 50 && marketers.Count > 0 ? marketers[_random.Next(marketers.Count)] : null;
        rows.Add(new Row { Source = source, Type = "lead.created", OccurredAt = at, LeadId = leadId, Channel = channel, Campaign = campaign, EmployeeId = owner?.Id });
        for (var touches = _random.Next(0, 3); touches > 0; touches--)
        {
            at = at.AddMinutes(_random.Next(1, 2 * 24 * 60));
            rows.Add(new Row { Source = source, Type = "lead.touch", OccurredAt = at, LeadId = leadId, Channel = channel, Campaign = campaign });
        }

        // Assigned to a sales manager (60 %) or an SDR; answered within the 5-minute SLA more often than not.
        var handler = _random.Next(100) < 60 || sdrs.Count == 0 ? sales[_random.Next(sales.Count)] : sdrs[_random.Next(sdrs.Count)];
        if (_random.Next(100) < 92)
        {
            var assignedAt = at.AddSeconds(_random.Next(0, 600));
            rows.Add(new Row { Source = source, Type = "lead.assigned", OccurredAt = assignedAt, LeadId = leadId, EmployeeId = handler.Id });
            if (_random.Next(100) < 88)
            {
                var delay = _random.Next(100) switch
                {
                    < 55 => _random.Next(30, 300),
                    < 85 => _random.Next(300, 3600),
                    _ => _random.Next(3600, 8 * 3600),
                };
                rows.Add(new Row { Source = source, Type = "lead.first_response", OccurredAt = at.AddSeconds(delay), LeadId = leadId, EmployeeId = handler.Id });
            }
        }

        var outcome = _random.Next(100);
        if (outcome < 30)
        {
            at = at.AddMinutes(_random.Next(5, 3 * 24 * 60));
            var reason = _random.Next(100) < 95 ? Pick(Reasons, ReasonWeights) : null;
            rows.Add(new Row
            {
                Source = source, Type = "lead.disqualified", OccurredAt = at, LeadId = leadId, ReasonCode = reason,
                Comment = reason == "other" ? "Клиент просил перезвонить через полгода" : null,
            });
            return;
        }
        if (outcome >= 75)
            return;
        at = at.AddHours(_random.Next(1, 48));
        rows.Add(new Row { Source = source, Type = "lead.mql", OccurredAt = at, LeadId = leadId });
        if (_random.Next(100) >= 55)
            return;
        if (_random.Next(100) < 50)
        {
            at = at.AddHours(_random.Next(1, 24));
            rows.Add(new Row { Source = source, Type = "lead.sal", OccurredAt = at, LeadId = leadId });
        }
        at = at.AddHours(_random.Next(1, 48));
        rows.Add(new Row { Source = source, Type = "lead.sql", OccurredAt = at, LeadId = leadId, EmployeeId = handler.Role == Sdr ? handler.Id : null });
        var deal = _random.Next(100);
        var dealId = source == EventGenerator.Amo ? (80_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"DEAL_{lead}";
        if (deal >= 75)
            return;
        at = at.AddHours(_random.Next(2, 10 * 24));
        if (deal >= 40)
        {
            rows.Add(new Row { Source = source, Type = "deal.lost", OccurredAt = at, LeadId = leadId, DealId = dealId });
            return;
        }
        // Won by the handler when a sales manager, else by a sales manager the SDR handed it to; 10 % split.
        var closer = handler.Role == SalesManager ? handler : sales[_random.Next(sales.Count)];
        var amount = _random.Next(50, 5000) * 100m;
        var won = new Row { Source = source, Type = "deal.won", OccurredAt = at, LeadId = leadId, DealId = dealId, Amount = amount, Currency = "RUB" };
        if (_random.Next(100) < 10)
        {
            var colleague = sales[_random.Next(sales.Count)];
            var share = _random.Next(100) < 50 ? 0.5m : 0.6m;
            won.SplitsJson = colleague.Id == closer.Id ? null
                : JsonSerializer.Serialize(new[] { new { employeeId = closer.Id, share }, new { employeeId = colleague.Id, share = 1m - share } }, JsonSerializerOptions.Web);
        }
        if (won.SplitsJson is null)
            won.EmployeeId = closer.Id;
        rows.Add(won);
        var after = _random.Next(100);
        if (after < 3)
        {
            // Refunded, in full or in part.
            rows.Add(new Row
            {
                Source = source, Type = "deal.refunded", OccurredAt = at.AddDays(_random.Next(1, 10)), DealId = dealId,
                Amount = _random.Next(2) == 0 ? amount : Math.Round(amount * 0.3m, 2), Currency = "RUB",
            });
        }
        else if (after < 4)
        {
            // The CRM corrects the amount: a later deal.won of the same deal is the version in force.
            rows.Add(new Row
            {
                Source = source, Type = "deal.won", OccurredAt = at.AddHours(_random.Next(1, 72)), LeadId = leadId, DealId = dealId,
                Amount = amount + 10_000m, Currency = "RUB", EmployeeId = won.EmployeeId, SplitsJson = won.SplitsJson,
            });
        }
    }

    private string Pick(string[] values, int[] weights)
    {
        var roll = _random.Next(weights.Sum());
        for (var i = 0; i < values.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
                return values[i];
        }
        return values[^1];
    }

    /// <summary>The active plan: an assignment per covered role, in the engine's JSON (camelCase, a <c>kind</c> on each
    /// component), covering the period, the one before and the one after.</summary>
    public string PlanJson()
    {
        string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var periods = $"\"{Month(PeriodStart.AddMonths(-1))}\", \"{Month(PeriodStart)}\", \"{Month(PeriodStart.AddMonths(1))}\"";
        return $$"""
            {
              "name": "Коммерческий блок, бенчмарк",
              "currency": "RUB",
              "periods": [{{periods}}],
              "assignments": [
                {
                  "role": "sales_manager", "baseSalary": 100000, "targetVariablePay": { "ofBase": 0.3 }, "maxVariablePay": { "ofTarget": 2 },
                  "components": [
                    { "kind": "attainment", "id": "deals", "label": "Сделки", "metric": "deals_won", "target": 2, "weight": 0.3, "threshold": 0.5, "cap": 2 },
                    { "kind": "attainment", "id": "revenue", "label": "Выручка", "metric": "revenue", "target": 500000, "weight": 0.4,
                      "curve": { "mode": "marginal", "tiers": [ { "from": 0, "rate": 1 }, { "from": 1, "rate": 1.5 } ] } },
                    { "kind": "attainment", "id": "sql_to_won", "metric": "cr_sql_to_won", "target": 0.4, "weight": 0.3, "threshold": 0.5, "cap": 1.5 },
                    { "kind": "step", "id": "sql_slide", "metric": "sql", "target": 8, "every": 2, "rate": 0.02, "maxSteps": 5 },
                    { "kind": "share", "id": "revenue_share", "measure": "revenue", "credit": "closed", "rate": 0.01, "maxPayout": { "amount": 50000 } },
                    { "kind": "gate", "id": "sla", "metric": "first_response_compliance", "operator": "at_least", "value": 0.5 }
                  ]
                },
                {
                  "role": "sdr", "targetVariablePay": { "amount": 25000 },
                  "components": [
                    { "kind": "attainment", "id": "sql", "metric": "sql", "target": 8, "weight": 0.6, "threshold": 0.5 },
                    { "kind": "attainment", "id": "mql", "metric": "mql", "target": 15, "weight": 0.4 },
                    { "kind": "step", "id": "sql_slide", "metric": "sql", "target": 10, "every": 2, "rate": 0.05, "maxSteps": 4 },
                    { "kind": "gate", "id": "sla", "metric": "first_response_compliance", "operator": "at_least", "value": 0.5, "factor": 0.5 }
                  ]
                },
                {
                  "role": "lead_generator", "targetVariablePay": { "amount": 20000 },
                  "components": [
                    { "kind": "attainment", "id": "mql", "metric": "mql", "target": 60, "weight": 1, "cap": 1.5 },
                    { "kind": "per_unit", "id": "per_lead", "metric": "leads", "rate": 20 }
                  ]
                },
                {
                  "role": "marketer", "targetVariablePay": { "amount": 40000 },
                  "components": [
                    { "kind": "attainment", "id": "mql", "metric": "mql", "target": 150, "weight": 0.6 },
                    { "kind": "team", "id": "funnel", "group": "mql_sql_pod", "metric": "cr_mql_to_sql", "target": 0.5, "weight": 0.4 }
                  ]
                },
                {
                  "role": "key_account_manager", "baseSalary": 120000, "targetVariablePay": { "ofBase": 0.25 },
                  "components": [
                    { "kind": "attainment", "id": "revenue", "metric": "revenue", "target": 1500000, "weight": 0.5 },
                    { "kind": "attainment", "id": "renewals", "metric": "renewals", "target": 8, "weight": 0.5 },
                    { "kind": "share", "id": "revenue_share", "measure": "revenue", "credit": "closed", "rate": 0.005 }
                  ]
                }
              ]
            }
            """;
    }

    // ---- Storing ----

    public async Task CreateTenantAsync(NpgsqlConnection db, Guid tenantId)
    {
        await Provisioning.CreateTenantAsync(db, tenantId, "Statements benchmark", withSettings: true);
        // Ad spend per day and channel, so that the spend query has rows to sum.
        await using var spend = new NpgsqlCommand("""
            insert into spend (tenant_id, date, channel, campaign, amount, currency)
            select $1, d::date, c, '', 10000 + (hashtext(c || d::text) & 65535), 'RUB'
            from generate_series($2::date - 62, $3::date - 1, interval '1 day') d, unnest($4::text[]) c
            """, db);
        spend.Parameters.Add(new() { Value = tenantId });
        spend.Parameters.Add(new() { Value = PeriodStart });
        spend.Parameters.Add(new() { Value = PeriodEnd });
        spend.Parameters.Add(new() { Value = Channels });
        await spend.ExecuteNonQueryAsync();
    }

    public async Task CopyStaffAsync(NpgsqlConnection db, Guid tenantId)
    {
        // Employees are Marten documents (ADR 0012), written here as the API writes them.
        await using (var copy = await db.BeginBinaryImportAsync(
            "copy documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, role, status) from stdin (format binary)"))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var e in Staff)
            {
                var status = e.EndDate is null ? "active" : "inactive";
                copy.StartRow();
                copy.Write(tenantId.ToString(), NpgsqlDbType.Varchar);
                copy.Write(e.Id, NpgsqlDbType.Uuid);
                copy.Write(JsonSerializer.Serialize(new
                {
                    id = e.Id, fullName = e.Name, role = e.Role, department = e.Department, baseSalary = e.BaseSalary, currency = "RUB",
                    startDate = e.StartDate, endDate = e.EndDate, status,
                    externalIds = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        [EventGenerator.Amo] = e.ExternalId(EventGenerator.Amo), [EventGenerator.Bitrix] = e.ExternalId(EventGenerator.Bitrix),
                    },
                    createdAt = now, updatedAt = now,
                }), NpgsqlDbType.Jsonb);
                copy.Write("Saas.Api.Features.Employees.Employee", NpgsqlDbType.Varchar);
                copy.Write(1, NpgsqlDbType.Integer);
                copy.Write(e.Role, NpgsqlDbType.Varchar);
                copy.Write(status, NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await db.BeginBinaryImportAsync(
            "copy employee_external_ids (tenant_id, employee_id, system, external_id) from stdin (format binary)"))
        {
            foreach (var e in Staff)
            {
                foreach (var source in new[] { EventGenerator.Amo, EventGenerator.Bitrix })
                {
                    copy.StartRow();
                    copy.Write(tenantId, NpgsqlDbType.Uuid);
                    copy.Write(e.Id, NpgsqlDbType.Uuid);
                    copy.Write(source, NpgsqlDbType.Text);
                    copy.Write(e.ExternalId(source), NpgsqlDbType.Text);
                }
            }
            await copy.CompleteAsync();
        }
    }

    /// <summary>The plan as activated from the first day of the previous period, with its first revision. Both are Marten
    /// documents (ADR 0012), written here as the API writes them.</summary>
    public async Task CreatePlanAsync(NpgsqlConnection db, Guid tenantId)
    {
        var planId = Guid.CreateVersion7();
        await using var batch = new NpgsqlBatch(db);
        foreach (var sql in new[]
                 {
                     """
                     insert into documents.mt_doc_plan (tenant_id, id, data, mt_dotnet_type, mt_version)
                     values ($1::text, $2, jsonb_build_object('id', $2, 'name', $3::jsonb ->> 'name', 'status', 'active', 'source', 'manual',
                                                              'document', $3::jsonb, 'effectiveFrom', $4::date, 'createdAt', now(),
                                                              'updatedAt', now(), 'activatedAt', now()),
                             'Saas.Api.Features.Plans.Plan', 1)
                     """,
                     """
                     insert into documents.mt_doc_planrevision (tenant_id, id, data, mt_dotnet_type)
                     select $1::text, id, jsonb_build_object('id', id, 'planId', $2, 'version', 1, 'document', $3::jsonb,
                                                             'changedBy', 'infra/bench', 'changedAt', now()), 'Saas.Api.Features.Plans.PlanRevision'
                     from (select gen_random_uuid() as id) r
                     """,
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = planId });
            command.Parameters.Add(new() { Value = PlanJson() });
            if (sql.Contains("$4", StringComparison.Ordinal))
                command.Parameters.Add(new() { Value = PeriodStart.AddMonths(-1) });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    public static async Task CopyEventsAsync(NpgsqlConnection db, Guid tenantId, IReadOnlyList<Row> rows)
    {
        await using var copy = await db.BeginBinaryImportAsync($"copy events ({BareCopy.Columns}) from stdin (format binary)");
        foreach (var e in rows)
            WriteRow(copy, tenantId, e);
        await copy.CompleteAsync();
    }

    /// <summary>One row of a binary <c>COPY events (BareCopy.Columns)</c>.</summary>
    public static void WriteRow(NpgsqlBinaryImporter copy, Guid tenantId, Row e)
    {
        copy.StartRow();
        copy.Write(tenantId, NpgsqlDbType.Uuid);
        copy.Write(e.Source, NpgsqlDbType.Text);
        copy.Write(e.ExternalId, NpgsqlDbType.Text);
        copy.Write(e.Type, NpgsqlDbType.Text);
        copy.Write(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        Text(copy, e.LeadId);
        Text(copy, e.DealId);
        Text(copy, e.AccountId);
        if (e.EmployeeId is { } employee)
            copy.Write(employee, NpgsqlDbType.Uuid);
        else
            copy.WriteNull();
        Text(copy, e.Channel);
        Text(copy, e.Campaign);
        Text(copy, e.Hypothesis);
        if (e.Amount is { } amount)
            copy.Write(amount, NpgsqlDbType.Numeric);
        else
            copy.WriteNull();
        Text(copy, e.Currency);
        Text(copy, e.ReasonCode);
        Text(copy, e.Comment);
        if (e.SplitsJson is { } splits)
            copy.Write(splits, NpgsqlDbType.Jsonb);
        else
            copy.WriteNull();
        copy.WriteNull(); // overlays
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
            copy.WriteNull();
        else
            copy.Write(value, NpgsqlDbType.Text);
    }
}
