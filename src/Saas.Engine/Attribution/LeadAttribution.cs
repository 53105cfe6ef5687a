using Saas.Engine.Payouts;

namespace Saas.Engine.Attribution;

/// <summary>How a lead's source is chosen among its touches (a tenant setting).</summary>
public enum AttributionModel
{
    /// <summary>The first touch: credits the channel that found the customer.</summary>
    FirstTouch,

    /// <summary>The last touch before the moment that counts: credits the channel that converted.</summary>
    LastTouch,

    /// <summary>The last touch that was not a direct visit, or the last touch when all were direct: a customer who
    /// typed the address after an ad was brought by the ad.</summary>
    LastNonDirect,
}

/// <summary>A marketing touch of a lead (its <c>lead.created</c> with a channel, or a <c>lead.touch</c>).
/// <see cref="Sequence"/> is the ingestion order, which breaks ties between touches at the same instant.</summary>
public sealed record Touch(DateTimeOffset OccurredAt, long Sequence, string Channel, string? Campaign, string? Hypothesis);

public static class LeadAttribution
{
    /// <summary>Channel names that mean "no marketing source" in the CRMs and analytics tools the product meets.</summary>
    public static IReadOnlySet<string> DirectChannels { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "direct", "(direct)", "none", "(none)", "typein", "type-in", "прямой", "прямые заходы", "прямой заход",
    };

    public static bool IsDirect(string channel) => DirectChannels.Contains(channel.Trim());

    /// <summary>The touch the model credits among those up to <paramref name="until"/> (inclusive; all when null), or
    /// null when the lead has none. Touches may come in any order: they are ordered here by time, then ingestion.</summary>
    public static Touch? Credit(IEnumerable<Touch> touches, AttributionModel model, DateTimeOffset? until = null)
    {
        var ordered = touches.Where(t => until is null || t.OccurredAt <= until)
            .OrderBy(t => t.OccurredAt).ThenBy(t => t.Sequence).ToList();
        if (ordered.Count == 0)
            return null;
        return model switch
        {
            AttributionModel.FirstTouch => ordered[0],
            AttributionModel.LastTouch => ordered[^1],
            AttributionModel.LastNonDirect => ordered.LastOrDefault(t => !IsDirect(t.Channel)) ?? ordered[^1],
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
        };
    }
}

/// <summary>One <c>deal.won</c> as stored: CRMs correct deals after they are won by sending another <c>deal.won</c> for
/// the same deal id, so a deal has versions.</summary>
public sealed record DealVersion
{
    public required string DealId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required long Sequence { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }

    /// <summary>Who closed it, when the deal names one person.</summary>
    public Guid? ClosedBy { get; init; }

    /// <summary>Split credit (shares sum to 1); replaces <see cref="ClosedBy"/> when present.</summary>
    public IReadOnlyList<(Guid EmployeeId, decimal Share)> Splits { get; init; } = [];

    /// <summary>Credited in addition to the closers, reducing nobody (a manager's overlay, a pre-sale engineer).</summary>
    public IReadOnlyList<Guid> Overlays { get; init; } = [];
}

/// <summary>One person's credit for a deal, as a share of its amount.</summary>
public sealed record DealCredit(Guid EmployeeId, DealRole Role, decimal Share, bool Overlay);

public static class DealCredits
{
    /// <summary>The version in force: the latest by time, then by ingestion. The others stay as history.</summary>
    public static DealVersion Current(IEnumerable<DealVersion> versions) =>
        versions.OrderBy(v => v.OccurredAt).ThenBy(v => v.Sequence).LastOrDefault()
        ?? throw new ArgumentException("A deal has at least one version.", nameof(versions));

    /// <summary>Who a deal credits: the closers (by split shares, or the one who closed it), overlays at a full share
    /// without reducing anyone, and the employee who owns the lead it came from (lead generator or marketer) as its source.</summary>
    public static IReadOnlyList<DealCredit> For(DealVersion deal, Guid? leadOwner)
    {
        var credits = new List<DealCredit>();
        if (deal.Splits.Count > 0)
            credits.AddRange(deal.Splits.Select(s => new DealCredit(s.EmployeeId, DealRole.Closed, s.Share, Overlay: false)));
        else if (deal.ClosedBy is { } closer)
            credits.Add(new DealCredit(closer, DealRole.Closed, 1m, Overlay: false));
        credits.AddRange(deal.Overlays.Where(o => credits.All(c => c.EmployeeId != o))
            .Select(o => new DealCredit(o, DealRole.Closed, 1m, Overlay: true)));
        if (leadOwner is { } owner)
            credits.Add(new DealCredit(owner, DealRole.Sourced, 1m, Overlay: false));
        return credits;
    }
}
