using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Saas.Bench;

/// <summary>One event as an integration posts it, with what the API would resolve it to (the employee's id, the
/// splits as stored), so that the bare COPY writes exactly the rows the API writes.</summary>
public sealed class Event
{
    public required string Source { get; init; }
    public string ExternalId { get; set; } = "";
    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public string? LeadId { get; init; }
    public string? DealId { get; init; }
    public string? EmployeeExternalId { get; init; }
    public Guid? EmployeeId { get; init; }
    public string? Channel { get; init; }
    public string? Campaign { get; init; }
    public string? Hypothesis { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? ReasonCode { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<(string ExternalId, decimal Share)>? Splits { get; init; }
    public string? SplitsJson { get; init; }
}

/// <summary>The employees of the benchmark tenant and the ids the two source systems know them by.</summary>
public sealed record Employee(Guid Id, string Name, string AmoId, string BitrixId)
{
    public string ExternalId(string source) => source == EventGenerator.Amo ? AmoId : BitrixId;
}

/// <summary>A deterministic (seeded) stream of lead funnels: each lead is created on a channel and campaign, touched,
/// assigned, answered, and then qualified, disqualified with a reason, won or lost, as a CRM would report it.</summary>
public sealed class EventGenerator(int seed, IReadOnlyList<Employee> employees)
{
    public const string Amo = "amocrm";
    public const string Bitrix = "bitrix24";

    private static readonly string[] Channels = ["yandex_direct", "google_ads", "vk_ads", "seo", "referral", "email", "telegram", "partners"];
    private static readonly int[] ChannelWeights = [30, 12, 14, 15, 8, 8, 8, 5];
    private static readonly string[] Hypotheses =
    [
        "Скидка 10% на первый заказ", "Бесплатная доставка по Москве", "Видео-отзывы клиентов на лендинге", "Квиз вместо формы",
        "Звонок в течение 5 минут", "Кейс для B2B на главной", "Ретаргетинг по брошенным корзинам", "Вебинар для новых клиентов",
    ];
    // The default catalogue (TenantSettings.Defaults): 'other' needs a comment.
    private static readonly string[] Reasons = ["not_target", "wrong_product", "no_budget", "no_contact", "duplicate", "spam", "competitor", "job_seeker", "other"];
    private static readonly int[] ReasonWeights = [25, 10, 20, 20, 8, 5, 4, 3, 5];
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);
    private static readonly DateTimeOffset First = new(2026, 1, 1, 0, 0, 0, Moscow);
    private const int DaysSpan = 300; // to the end of October 2026: funnels finish within three weeks, before "now"

    private readonly Random _random = new(seed);
    private int _leads;

    /// <summary>At least <paramref name="count"/> events, ordered by time as a live integration sends them, cut to
    /// exactly <paramref name="count"/>; external ids are given in sending order, like a CRM's event sequence.</summary>
    public List<Event> Generate(int count, string externalIdPrefix)
    {
        var events = new List<Event>(count + 32);
        while (events.Count < count)
            AddLead(events);
        // A stable order: by time, then by generation order.
        var ordered = events.Select((e, i) => (e, i)).OrderBy(p => p.e.OccurredAt).ThenBy(p => p.i).Select(p => p.e).Take(count).ToList();
        var sequence = new Dictionary<string, long> { [Amo] = 0, [Bitrix] = 0 };
        foreach (var e in ordered)
        {
            var n = ++sequence[e.Source];
            e.ExternalId = e.Source == Amo ? $"{externalIdPrefix}{40_000_000 + n}" : $"{externalIdPrefix}evt-{n:x8}";
        }
        return ordered;
    }

    private void AddLead(List<Event> events)
    {
        var lead = ++_leads;
        var source = _random.Next(100) < 75 ? Amo : Bitrix;
        var leadId = source == Amo ? (20_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"LEAD_{lead}";
        var channel = Pick(Channels, ChannelWeights);
        var campaign = channel is "seo" or "referral" ? null : $"{channel}_{_random.Next(1, 9):D2}";
        var hypothesis = _random.Next(100) < 40 ? Hypotheses[_random.Next(Hypotheses.Length)] : null;
        var at = First.AddDays(_random.Next(DaysSpan)).AddSeconds(_random.Next(8 * 3600, 20 * 3600));
        var ownerIndex = _random.Next(employees.Count);
        var owner = employees[ownerIndex];

        events.Add(new Event { Source = source, Type = "lead.created", OccurredAt = at, LeadId = leadId, Channel = channel, Campaign = campaign, Hypothesis = hypothesis });
        for (var touches = _random.Next(0, 4); touches > 0; touches--)
        {
            at = at.AddMinutes(_random.Next(1, 2 * 24 * 60));
            var touchChannel = _random.Next(100) < 60 ? channel : Pick(Channels, ChannelWeights);
            events.Add(new Event
            {
                Source = source, Type = "lead.touch", OccurredAt = at, LeadId = leadId, Channel = touchChannel,
                Campaign = touchChannel is "seo" or "referral" ? null : $"{touchChannel}_{_random.Next(1, 9):D2}",
            });
        }
        if (_random.Next(100) < 90)
        {
            at = at.AddMinutes(_random.Next(0, 30));
            events.Add(EmployeeEvent(source, "lead.assigned", at, leadId, owner));
            if (_random.Next(100) < 85)
            {
                at = at.AddSeconds(_random.Next(30, 3 * 3600));
                events.Add(EmployeeEvent(source, "lead.first_response", at, leadId, owner));
            }
        }

        var outcome = _random.Next(100);
        if (outcome < 30)
        {
            at = at.AddMinutes(_random.Next(5, 3 * 24 * 60));
            var reason = Pick(Reasons, ReasonWeights);
            events.Add(new Event
            {
                Source = source, Type = "lead.disqualified", OccurredAt = at, LeadId = leadId, ReasonCode = reason,
                Comment = reason == "other" ? "Клиент просил перезвонить через полгода" : null,
            });
            return;
        }
        if (outcome < 75)
        {
            at = at.AddHours(_random.Next(1, 72));
            events.Add(new Event { Source = source, Type = "lead.mql", OccurredAt = at, LeadId = leadId });
            if (_random.Next(100) < 55)
            {
                if (_random.Next(100) < 50)
                {
                    at = at.AddHours(_random.Next(1, 48));
                    events.Add(new Event { Source = source, Type = "lead.sal", OccurredAt = at, LeadId = leadId });
                }
                at = at.AddHours(_random.Next(1, 96));
                events.Add(new Event { Source = source, Type = "lead.sql", OccurredAt = at, LeadId = leadId });
                var deal = _random.Next(100);
                var dealId = source == Amo ? (70_000_000 + lead).ToString(CultureInfo.InvariantCulture) : $"DEAL_{lead}";
                if (deal < 40)
                {
                    at = at.AddHours(_random.Next(2, 14 * 24));
                    events.Add(WonDeal(source, at, leadId, dealId, ownerIndex));
                }
                else if (deal < 75)
                {
                    at = at.AddHours(_random.Next(2, 14 * 24));
                    events.Add(new Event { Source = source, Type = "deal.lost", OccurredAt = at, LeadId = leadId, DealId = dealId });
                }
            }
        }
    }

    private static Event EmployeeEvent(string source, string type, DateTimeOffset at, string leadId, Employee employee) => new()
    {
        Source = source, Type = type, OccurredAt = at, LeadId = leadId, EmployeeExternalId = employee.ExternalId(source), EmployeeId = employee.Id,
    };

    private Event WonDeal(string source, DateTimeOffset at, string leadId, string dealId, int ownerIndex)
    {
        var owner = employees[ownerIndex];
        var amount = _random.Next(50, 5000) * 100m + (_random.Next(100) < 20 ? 0.5m : 0m);
        if (_random.Next(100) >= 10)
        {
            return new Event
            {
                Source = source, Type = "deal.won", OccurredAt = at, LeadId = leadId, DealId = dealId, Amount = amount, Currency = "RUB",
                EmployeeExternalId = owner.ExternalId(source), EmployeeId = owner.Id,
            };
        }
        // A shared deal: the owner and a colleague split the credit.
        var colleague = employees[(ownerIndex + 1 + _random.Next(employees.Count - 1)) % employees.Count];
        var share = _random.Next(100) < 50 ? 0.5m : 0.6m;
        var splits = new List<(Employee Employee, decimal Share)> { (owner, share), (colleague, 1m - share) };
        return new Event
        {
            Source = source, Type = "deal.won", OccurredAt = at, LeadId = leadId, DealId = dealId, Amount = amount, Currency = "RUB",
            Splits = splits.Select(s => (s.Employee.ExternalId(source), s.Share)).ToList(),
            SplitsJson = JsonSerializer.Serialize(splits.Select(s => new { employeeId = s.Employee.Id, share = s.Share }), JsonSerializerOptions.Web),
        };
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
}

/// <summary>Request bodies, serialized once before anything is timed.</summary>
public static class Bodies
{
    // Cyrillic as UTF-8 rather than \uXXXX escapes, as most integrations send it.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<byte[]> Serialize(IReadOnlyList<Event> events, int batchSize)
    {
        var bodies = new List<byte[]>((events.Count + batchSize - 1) / batchSize);
        var buffer = new ArrayBufferWriter<byte>(batchSize * 400);
        for (var start = 0; start < events.Count; start += batchSize)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("events");
                for (var i = start; i < Math.Min(start + batchSize, events.Count); i++)
                    Write(writer, events[i]);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            bodies.Add(buffer.WrittenSpan.ToArray());
        }
        return bodies;
    }

    private static void Write(Utf8JsonWriter w, Event e)
    {
        w.WriteStartObject();
        w.WriteString("source", e.Source);
        w.WriteString("externalId", e.ExternalId);
        w.WriteString("type", e.Type);
        w.WriteString("occurredAt", e.OccurredAt);
        Optional(w, "leadId", e.LeadId);
        Optional(w, "dealId", e.DealId);
        Optional(w, "employeeExternalId", e.EmployeeExternalId);
        Optional(w, "channel", e.Channel);
        Optional(w, "campaign", e.Campaign);
        Optional(w, "hypothesis", e.Hypothesis);
        if (e.Amount is { } amount)
            w.WriteNumber("amount", amount);
        Optional(w, "currency", e.Currency);
        Optional(w, "reasonCode", e.ReasonCode);
        Optional(w, "comment", e.Comment);
        if (e.Splits is { } splits)
        {
            w.WriteStartArray("splits");
            foreach (var (externalId, share) in splits)
            {
                w.WriteStartObject();
                w.WriteString("employeeExternalId", externalId);
                w.WriteNumber("share", share);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }
}
