using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Actuals;

/// <summary>Writes events the fast way: valid items are checked and their employees resolved in C#, binary-copied into
/// a temporary staging table, and moved into <c>events</c> with one <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>,
/// all in the caller's transaction, so a request stores all its valid items or none, and a re-sent event is a
/// duplicate rather than a second row. Items may come in chunks (a CSV file), staged one chunk at a time.</summary>
public sealed class EventIngestion
{
    /// <summary>A CSV import lists at most this many rejected rows in full; the count covers them all.</summary>
    public const int MaxRejectedListed = 1000;

    private static readonly JsonSerializerOptions CreditJson = new(JsonSerializerDefaults.Web);

    private readonly UnitOfWork _work;
    private readonly IReadOnlySet<string> _reasonCodes;
    private readonly IReadOnlyDictionary<string, DealAttributeType> _attributes;
    private readonly DateTimeOffset _now;
    private readonly List<RejectedItem> _rejected = [];
    private int _received;
    private int _staged;
    private int _rejectedCount;

    private EventIngestion(UnitOfWork work, IReadOnlySet<string> reasonCodes, IReadOnlyDictionary<string, DealAttributeType> attributes,
        DateTimeOffset now) => (_work, _reasonCodes, _attributes, _now) = (work, reasonCodes, attributes, now);

    public static async Task<EventIngestion> StartAsync(UnitOfWork work, DateTimeOffset now)
    {
        var settings = await TenantSettings.LoadAsync(work);
        var reasons = settings.DisqualificationReasons.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        await work.ExecuteAsync("""
            create temp table if not exists staged_events (
                tenant_id uuid, source text, external_id text, type text, occurred_at timestamptz, lead_id text, deal_id text,
                account_id text, employee_id uuid, channel text, campaign text, hypothesis text, amount numeric(19, 4),
                currency char(3), reason_code text, comment text, splits jsonb, overlays jsonb, attributes jsonb, ordinal integer
            ) on commit delete rows
            """);
        return new EventIngestion(work, reasons, settings.KnownDealAttributes, now);
    }

    /// <summary>An item that could not even be read (a wrong JSON type, a bad CSV cell).</summary>
    public void Reject(int index, IReadOnlyDictionary<string, string[]> errors)
    {
        _received++;
        AddRejected(index, errors);
    }

    private void AddRejected(int index, IReadOnlyDictionary<string, string[]> errors)
    {
        _rejectedCount++;
        if (_rejected.Count < MaxRejectedListed)
            _rejected.Add(new RejectedItem(index, errors));
    }

    /// <summary>Checks a chunk of items, resolves their employees and stages the valid ones.</summary>
    public async Task StageAsync(IReadOnlyList<(int Index, EventInput Input)> chunk, CancellationToken cancellationToken)
    {
        _received += chunk.Count;
        var checkedItems = chunk.Select(item => (item.Index, item.Input, Errors: EventRules.Check(item.Input, _reasonCodes, _attributes, _now))).ToList();
        var employees = await EmployeeDirectory.LoadAsync(_work, checkedItems.Where(i => i.Errors.Count == 0).Select(i => i.Input).ToList());

        var valid = new List<(int Index, EventInput Input, Guid? EmployeeId, string? Splits, string? Overlays)>();
        foreach (var (index, input, errors) in checkedItems)
        {
            if (errors.Count == 0)
            {
                var employee = employees.Resolve(input.Source!, input.EmployeeId, input.EmployeeExternalId, "employeeId", errors);
                var splits = Credits(employees, input.Source!, input.Splits, "splits", errors);
                var overlays = Credits(employees, input.Source!, input.Overlays, "overlays", errors);
                if (errors.Count == 0)
                {
                    valid.Add((index, input, employee, splits, overlays));
                    continue;
                }
            }
            AddRejected(index, errors);
        }
        if (valid.Count == 0)
            return;

        await using var copy = await _work.Connection.BeginBinaryImportAsync("""
            copy staged_events (tenant_id, source, external_id, type, occurred_at, lead_id, deal_id, account_id, employee_id, channel,
                campaign, hypothesis, amount, currency, reason_code, comment, splits, overlays, attributes, ordinal) from stdin (format binary)
            """, cancellationToken);
        foreach (var (index, e, employeeId, splits, overlays) in valid)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(_work.TenantId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(e.Source!, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(e.ExternalId!, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(e.Type!, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(e.OccurredAt!.Value.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteText(copy, e.LeadId, cancellationToken);
            await WriteText(copy, e.DealId, cancellationToken);
            await WriteText(copy, e.AccountId, cancellationToken);
            if (employeeId is { } id)
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
            else
                await copy.WriteNullAsync(cancellationToken);
            await WriteText(copy, e.Channel, cancellationToken);
            await WriteText(copy, e.Campaign, cancellationToken);
            await WriteText(copy, e.Hypothesis, cancellationToken);
            if (e.Amount is { } amount)
                await copy.WriteAsync(amount, NpgsqlDbType.Numeric, cancellationToken);
            else
                await copy.WriteNullAsync(cancellationToken);
            await WriteText(copy, e.Currency, cancellationToken);
            await WriteText(copy, e.ReasonCode, cancellationToken);
            await WriteText(copy, e.Comment, cancellationToken);
            await WriteJson(copy, splits, cancellationToken);
            await WriteJson(copy, overlays, cancellationToken);
            await WriteJson(copy, e.Attributes is { } attributes ? JsonSerializer.Serialize(attributes) : null, cancellationToken);
            await copy.WriteAsync(index, NpgsqlDbType.Integer, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
        _staged += valid.Count;
    }

    /// <summary>Moves the staged events into <c>events</c>; the caller commits.</summary>
    public async Task<IngestResult> FinishAsync()
    {
        // New and reassigned leads are put on the live SLA watch (SlaWatch), and the touched leads and deals listed for
        // LeadFactsRefresher, in the same statement.
        var accepted = _staged == 0 ? 0 : await _work.QuerySingleAsync<int>($"""
            with inserted as (
                insert into events (tenant_id, source, external_id, type, occurred_at, lead_id, deal_id, account_id, employee_id, channel,
                    campaign, hypothesis, amount, currency, reason_code, comment, splits, overlays, attributes)
                select tenant_id, source, external_id, type, occurred_at, lead_id, deal_id, account_id, employee_id, channel,
                    campaign, hypothesis, amount, currency, reason_code, comment, splits, overlays, attributes
                from staged_events
                order by ordinal
                on conflict (tenant_id, source, external_id) do nothing
                returning lead_id, deal_id, type, occurred_at),
            watched as (
                insert into sla_watch (tenant_id, lead_id, check_at)
                select @TenantId::uuid, w.lead_id, now() from (
                    select distinct lead_id from inserted
                    where lead_id is not null and type in ('lead.created', 'lead.assigned')
                      and occurred_at > now() - make_interval(days => {SlaWatch.LookBackDays})) w
                -- One lock order for every request, so that two imports of the same leads cannot deadlock.
                order by w.lead_id
                on conflict (tenant_id, lead_id) do update set check_at = excluded.check_at where sla_watch.breached_at is null),
            -- The leads and deals whose report facts LeadFactsRefresher must rebuild, listed in one appended row rather than
            -- marked one by one, so that imports of the same leads do not wait on each other.
            pending as (
                insert into lead_facts_pending (tenant_id, leads, created, deals)
                select @TenantId::uuid, l.leads, l.created, d.deals
                from (select coalesce(array_agg(lead_id order by lead_id), array[]::text[]) as leads,
                             coalesce(array_agg(created order by lead_id), array[]::timestamptz[]) as created
                      from (select lead_id, min(occurred_at) filter (where type = 'lead.created') as created
                            from inserted where lead_id is not null group by lead_id) touched) l,
                     (select coalesce(array_agg(distinct deal_id), array[]::text[]) as deals from inserted where type = 'deal.won' and deal_id is not null) d
                where cardinality(l.leads) > 0 or cardinality(d.deals) > 0)
            select count(*)::int from inserted
            """, new { _work.TenantId });
        return new IngestResult(_received, accepted, _staged - accepted, _rejected, _rejectedCount);
    }

    private static string? Credits(EmployeeDirectory employees, string source, IReadOnlyList<CreditInput>? credits, string field,
        Dictionary<string, string[]> errors)
    {
        if (credits is null)
            return null;
        var resolved = new List<object>();
        foreach (var credit in credits)
        {
            var id = employees.Resolve(source, credit.EmployeeId, credit.EmployeeExternalId, field, errors);
            if (id is not null)
                resolved.Add(credit.Share is { } share ? new { employeeId = id, share } : new { employeeId = id });
        }
        return JsonSerializer.Serialize(resolved, CreditJson);
    }

    private static Task WriteText(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteJson(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Jsonb, cancellationToken);
}
