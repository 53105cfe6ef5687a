using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Payouts;

/// <summary>Everything one employee's payout for one period depends on. The same input serves a what-if
/// simulation and a statement.</summary>
public sealed record PayoutInput
{
    public required Assignment Assignment { get; init; }
    public required Period Period { get; init; }

    /// <summary>The plan's currency (ISO 4217); amounts in the input are in it.</summary>
    public required string Currency { get; init; }

    /// <summary>The tenant's locale; <c>ru…</c> explains in Russian, anything else in English.</summary>
    public string Locale { get; init; } = "ru";

    /// <summary>The employee's base salary for the period; the assignment's reference salary when absent.</summary>
    public decimal? BaseSalary { get; init; }

    /// <summary>The employee's (or simulated role's) values for the period.</summary>
    public MetricValues Actuals { get; init; } = MetricValues.Empty;

    /// <summary>The same subject's values for the previous period, for growth components.</summary>
    public MetricValues PreviousActuals { get; init; } = MetricValues.Empty;

    /// <summary>Shared values per group, keyed by a team component's <c>group</c>.</summary>
    public IReadOnlyDictionary<string, MetricValues> GroupActuals { get; init; } = new Dictionary<string, MetricValues>();

    /// <summary>Values measured over a spif's whole date range, keyed by the spif component's id. When a spif's range
    /// is exactly the period, <see cref="Actuals"/> serve.</summary>
    public IReadOnlyDictionary<string, MetricValues> SpifActuals { get; init; } = new Dictionary<string, MetricValues>();

    /// <summary>The deals credited to the employee in the period, for share components.</summary>
    public IReadOnlyList<CreditedDeal> Deals { get; init; } = [];

    /// <summary>Set when the plan version was in force for only part of the period.</summary>
    public Proration? Proration { get; init; }

    /// <summary>Manual corrections (positive or negative) that a statement adds after caps and proration.</summary>
    public IReadOnlyList<PayoutAdjustment> Adjustments { get; init; } = [];

    /// <summary>Commission of earlier periods taken back in this one (a refund, an early churn).</summary>
    public IReadOnlyList<PayoutClawback> Clawbacks { get; init; } = [];

    /// <summary>The recoverable draw balance carried in from the previous period (what was topped up and not yet recovered).</summary>
    public decimal DrawBalance { get; init; }
}

/// <summary>Commission paid on <see cref="DealId"/> in <see cref="PaidIn"/> and reversed now: <see cref="Amount"/> is
/// what is taken back (positive), <see cref="Reason"/> says why.</summary>
public sealed record PayoutClawback(string DealId, string PaidIn, decimal Amount, string Reason);

public enum DealRole
{
    /// <summary>The employee closed the deal (sales).</summary>
    Closed,

    /// <summary>The deal came from the employee's lead (lead generator, marketer), by the tenant's attribution model.</summary>
    Sourced,
}

/// <summary>A won deal credited to the employee. <see cref="Share"/> is the employee's split (0.5 when two people
/// share the credit). Values are in the plan's currency. A negative profit lowers a cumulative pool but never earns
/// a negative commission; refunds will come as clawbacks, a separate input.</summary>
public sealed record CreditedDeal
{
    public required string DealId { get; init; }
    public required DealRole Role { get; init; }
    public required decimal Revenue { get; init; }
    public decimal? GrossProfit { get; init; }
    public decimal? OperatingProfit { get; init; }
    public decimal Share { get; init; } = 1m;
    public required DateOnly ClosedOn { get; init; }

    /// <summary>What the CRM said of the deal (contract term, product line, the tenant's own fields), for deal rules; null when
    /// it said nothing, so that a statement's stored inputs (and their hash) stay as they were for deals without attributes.</summary>
    public IReadOnlyDictionary<string, AttributeValue>? Attributes { get; init; }
}

/// <summary>The part of a period a plan version was in force: its statement pays <c>ActiveDays / PeriodDays</c> of
/// what the version would pay for the whole period.</summary>
public sealed record Proration
{
    public Proration(int activeDays, int periodDays)
    {
        if (periodDays <= 0)
            throw new ArgumentOutOfRangeException(nameof(periodDays), periodDays, "A period has at least one day.");
        if (activeDays < 0 || activeDays > periodDays)
            throw new ArgumentOutOfRangeException(nameof(activeDays), activeDays, $"Active days must be between 0 and {periodDays}.");
        ActiveDays = activeDays;
        PeriodDays = periodDays;
    }

    public int ActiveDays { get; }
    public int PeriodDays { get; }

    /// <summary>The days of <paramref name="period"/> within [<paramref name="from"/>, <paramref name="toExclusive"/>),
    /// e.g. a version activated on the 11th of a 30-day month and still active: 20 of 30.</summary>
    public static Proration For(Period period, DateOnly from, DateOnly? toExclusive = null)
    {
        var start = from > period.Start ? from : period.Start;
        var end = toExclusive is { } to && to < period.EndExclusive ? to : period.EndExclusive;
        return new Proration(Math.Max(0, end.DayNumber - start.DayNumber), period.Days);
    }
}

/// <summary>A manual correction of a statement, with its reason.</summary>
public sealed record PayoutAdjustment(decimal Amount, string Reason);
