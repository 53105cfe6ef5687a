using System.Text.Json;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Common;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Api.Features.Statements;

/// <summary>Commission to take back in a period: for each <c>deal.refunded</c> or <c>account.churned</c> in it that
/// concerns a deal won in an earlier period, what the approved statement of that period paid each employee for the deal
/// through share components — the deal's own lines, or its part of the period's commission by credited revenue.
/// Whether it is taken back depends on the employee's plan (<see cref="ClawbackTerms"/>).</summary>
public static class Clawbacks
{
    /// <summary>A refund or churn that may take back a deal's commission. <see cref="Left"/> is what is left of it to take
    /// back before the period's triggers; <c>Clawback.Amount</c> is what this trigger would take in full (the refunded part,
    /// or all of it for a churn), before the plan's terms say how much it takes.</summary>
    public sealed record Candidate(Guid EmployeeId, PayoutClawback Clawback, bool Churn, DateTimeOffset DealWonAt, DateTimeOffset TriggeredAt,
        string Currency, decimal Left);

    private sealed record TriggerRow(string Type, decimal? RefundAmount, DateTimeOffset TriggeredAt, string DealId, DateTimeOffset WonAt, decimal DealAmount);


    private sealed record StoredLine(string Kind, string? ComponentKind, string? ComponentId, string? DealId, decimal Amount, decimal? Multiplier,
        IReadOnlyList<string>? AppliesTo);

    private sealed record StoredDeal(string DealId, decimal Revenue, decimal Share);

    private sealed record StoredInputs(IReadOnlyList<StoredDeal> Deals);

    /// <summary>An approved revision with its lines and credited deals, parsed once per calculation.</summary>
    private sealed record Paid(Guid EmployeeId, string Period, int Revision, string Currency, List<StoredLine> Lines, IReadOnlyList<StoredDeal> Deals);

    public static async Task<ILookup<Guid, Candidate>> FindAsync(UnitOfWork work, Period period, string zone, Language language,
        CancellationToken cancellationToken)
    {
        var triggers = (await work.QueryAsync<TriggerRow>("""
            with bounds as (select (@start::timestamp at time zone @zone) as s, (@end::timestamp at time zone @zone) as e),
            triggers as (
                select t.type, t.deal_id, t.account_id, t.amount, t.occurred_at from events t, bounds
                where t.tenant_id = @TenantId and t.type in ('deal.refunded', 'account.churned') and t.occurred_at >= bounds.s and t.occurred_at < bounds.e),
            deals as (
                select distinct on (d.deal_id) d.deal_id, d.occurred_at, d.amount, d.account_id from events d
                where d.tenant_id = @TenantId and d.type = 'deal.won'
                  and (d.deal_id in (select deal_id from triggers where type = 'deal.refunded')
                       or d.account_id in (select account_id from triggers where type = 'account.churned'))
                order by d.deal_id, d.occurred_at desc, d.id desc)
            -- A join per kind of trigger, each on one key, so that PostgreSQL can hash it: one join on either key compared every
            -- trigger with every deal (1.3 s for 6 000 churned accounts and their 1 828 deals).
            select t.type, t.amount as refund_amount, t.occurred_at as triggered_at, d.deal_id, d.occurred_at as won_at, d.amount as deal_amount
            from triggers t join deals d on d.deal_id = t.deal_id, bounds
            where t.type = 'deal.refunded' and d.occurred_at < bounds.s
            union all
            select t.type, t.amount, t.occurred_at, d.deal_id, d.occurred_at, d.amount
            from triggers t join deals d on d.account_id = t.account_id, bounds
            where t.type = 'account.churned' and d.occurred_at < bounds.s
            order by deal_id, triggered_at
            """, new
        {
            work.TenantId,
            zone,
            start = period.Start.ToDateTime(TimeOnly.MinValue),
            end = period.EndExclusive.ToDateTime(TimeOnly.MinValue),
        })).ToList();
        if (triggers.Count == 0)
            return Array.Empty<Candidate>().ToLookup(c => c.EmployeeId);

        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var candidates = new List<Candidate>();
        // What is left to take back per employee and deal: nothing is taken back twice, across periods here and across the
        // period's triggers in Applicable, which alone knows which of them the plan takes and how much.
        var taken = await TakenAsync(work, period, cancellationToken);
        var approved = new Dictionary<Period, IReadOnlyList<Paid>>();
        foreach (var trigger in triggers)
        {
            var wonAt = trigger.WonAt;
            var wonOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(wonAt, timeZone).DateTime);
            var month = Period.MonthOf(wonOn);
            var quarter = Period.Quarter(wonOn.Year, (wonOn.Month - 1) / 3 + 1);
            var paid = (await ApprovedInAsync(work, month, approved, cancellationToken)).Concat(await ApprovedInAsync(work, quarter, approved, cancellationToken))
                .Where(s => s.Deals.Any(d => d.DealId == trigger.DealId))
                .GroupBy(s => (s.EmployeeId, s.Period))
                .Select(g => g.MaxBy(s => s.Revision)!)
                .OrderBy(s => s.EmployeeId).ThenBy(s => s.Period, StringComparer.Ordinal);
            var fraction = trigger.Type == "deal.refunded"
                ? trigger.DealAmount == 0 ? 0m : Math.Min(1m, (trigger.RefundAmount ?? 0m) / trigger.DealAmount)
                : 1m;
            foreach (var statement in paid)
            {
                var currency = statement.Currency;
                var commission = CommissionFor(trigger.DealId, statement);
                var left = Currency.Round(commission, currency) - taken.GetValueOrDefault((statement.EmployeeId, trigger.DealId));
                var amount = Currency.Round(commission * fraction, currency);
                if (left <= 0 || amount <= 0)
                    continue;
                var triggeredAt = trigger.TriggeredAt;
                var reason = trigger.Type == "deal.refunded"
                    ? RefundReason(fraction, language)
                    : ChurnReason(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(triggeredAt, timeZone).DateTime), language);
                candidates.Add(new Candidate(statement.EmployeeId, new PayoutClawback(trigger.DealId, statement.Period, amount, reason),
                    trigger.Type == "account.churned", wonAt, triggeredAt, currency, left));
            }
        }
        return candidates.ToLookup(c => c.EmployeeId);
    }

    public static string RefundReason(decimal fraction, Language language) => language == Language.Ru
        ? $"возврат {NumberText.Number(fraction * 100, language, 0, 2)} % суммы сделки"
        : $"{NumberText.Number(fraction * 100, language, 0, 2)} % of the deal refunded";

    public static string ChurnReason(DateOnly churnedOn, Language language) => language == Language.Ru
        ? $"клиент ушёл {churnedOn:dd.MM.yyyy}"
        : $"the account churned on {churnedOn:yyyy-MM-dd}";

    /// <summary>What the employee's plan takes back: refunds whenever it has clawback terms, churns only within its churn
    /// window after the deal and only <see cref="ClawbackTerms.ChurnShare"/> of the commission; a deal's triggers in the
    /// order they happened, none taking more than the ones before it left.</summary>
    public static IReadOnlyList<PayoutClawback> Applicable(IEnumerable<Candidate> candidates, ClawbackTerms? terms, Language language)
    {
        if (terms is null)
            return [];
        var taken = new List<PayoutClawback>();
        // What is left is per deal, whichever statements paid it, as the commission already taken back is.
        foreach (var deal in candidates.GroupBy(c => c.Clawback.DealId))
        {
            var ordered = deal.OrderBy(c => c.TriggeredAt).ThenBy(c => c.Clawback.PaidIn, StringComparer.Ordinal).ToList();
            var left = ordered[0].Left;
            foreach (var c in ordered)
            {
                if (c.Churn && (terms.ChurnWindowDays is not { } days || c.TriggeredAt - c.DealWonAt > TimeSpan.FromDays(days)))
                    continue;
                var share = c.Churn ? terms.ChurnShare ?? 1m : 1m;
                var amount = Math.Min(left, Currency.Round(c.Clawback.Amount * share, c.Currency));
                if (amount <= 0)
                    continue;
                left -= amount;
                var reason = share == 1m ? c.Clawback.Reason
                    : c.Clawback.Reason + (language == Language.Ru ? $"; по плану возвращается {NumberText.Percent(share, language)} комиссии"
                        : $"; the plan takes back {NumberText.Percent(share, language)} of the commission");
                taken.Add(c.Clawback with { Amount = amount, Reason = reason });
            }
        }
        return taken;
    }

    /// <summary>What the statement paid for the deal through share components: its own per-deal lines, plus its part (by
    /// credited revenue) of the share lines paid on the period's total, each line times what the multipliers that raised
    /// its component multiplied it by; times what component caps left of the components' pay, and what gates, the total
    /// cap and proration left of the pay after them.</summary>
    private static decimal CommissionFor(string dealId, Paid statement)
    {
        var (lines, deals) = (statement.Lines, statement.Deals);
        var raisedBy = lines.Where(l => l.Kind == "multiplier").SelectMany(l => (l.AppliesTo ?? []).Select(id => (Id: id, Factor: l.Multiplier ?? 1m)))
            .GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.Aggregate(1m, (factor, m) => factor * m.Factor));
        var shareLines = lines.Where(l => l.Kind == "component" && l.ComponentKind == "share").ToList();
        decimal Raised(StoredLine line) => line.Amount * raisedBy.GetValueOrDefault(line.ComponentId ?? "", 1m);
        var own = shareLines.Where(l => l.DealId == dealId).Sum(Raised);
        var pooled = shareLines.Where(l => l.DealId is null).Sum(Raised);
        var total = deals.Sum(d => d.Revenue * d.Share);
        var part = total == 0 ? 0m : deals.Where(d => d.DealId == dealId).Sum(d => d.Revenue * d.Share) / total;

        static decimal Ratio(decimal kept, decimal of) => of <= 0 ? 0m : Math.Clamp(kept / of, 0m, 1m);
        var earned = lines.Where(l => l.Kind == "component").Sum(l => l.Amount);
        var capped = earned + lines.Where(l => l.Kind == "component_cap").Sum(l => l.Amount);
        var multiplied = capped + lines.Where(l => l.Kind == "multiplier").Sum(l => l.Amount);
        var kept = multiplied + lines.Where(l => l.Kind is "gate" or "total_cap" or "proration").Sum(l => l.Amount);
        return (own + pooled * part) * Ratio(capped, earned) * Ratio(kept, multiplied);
    }

    /// <summary>Every approved revision of the period's statements, read once per calculation.</summary>
    private static async Task<IReadOnlyList<Paid>> ApprovedInAsync(UnitOfWork work, Period period, Dictionary<Period, IReadOnlyList<Paid>> read,
        CancellationToken cancellationToken)
    {
        if (read.TryGetValue(period, out var statements))
            return statements;
        var text = period.ToString();
        var ids = await work.Documents.Query<Statement>().Where(s => s.Period == text && s.Status == Statement.Approved).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        return read[period] = (await work.Documents.LoadManyAsync<CalculatedStatement>(cancellationToken, ids))
            .Select(s => new Paid(s.EmployeeId, s.Period, s.Revision, s.Currency, s.Lines.Deserialize<List<StoredLine>>(Lenient) ?? [],
                s.Inputs.Deserialize<StoredInputs>(Lenient)?.Deals ?? []))
            .ToList();
    }

    /// <summary>Commission already taken back per employee and deal by the statements of other periods.</summary>
    private static async Task<Dictionary<(Guid, string), decimal>> TakenAsync(UnitOfWork work, Period period, CancellationToken cancellationToken)
    {
        var text = period.ToString();
        var ids = (await work.Documents.Query<Statement>()
                .Where(s => s.Period != text && s.Status != Statement.Superseded && s.TakesBack).ToListAsync(cancellationToken))
            .GroupBy(s => (s.EmployeeId, s.Period))
            .Select(g => g.OrderByDescending(s => s.Status == Statement.Approved).ThenByDescending(s => s.Revision).First().Id);
        var taken = new Dictionary<(Guid, string), decimal>();
        foreach (var statement in await work.Documents.LoadManyAsync<CalculatedStatement>(cancellationToken, ids))
            foreach (var line in statement.Lines.Deserialize<List<StoredLine>>(Lenient) ?? [])
                if (line is { Kind: "clawback", DealId: { } deal })
                    taken[(statement.EmployeeId, deal)] = taken.GetValueOrDefault((statement.EmployeeId, deal)) - line.Amount;
        return taken;
    }

    private static readonly JsonSerializerOptions Lenient = new(JsonSerializerDefaults.Web);

}
