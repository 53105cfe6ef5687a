using Saas.Engine.Plans;

namespace Saas.Engine.Payouts;

/// <summary>A quantity paid at a rate: one slice of a marginal evaluation, or the whole of a flat one.</summary>
internal readonly record struct TierPart(decimal Quantity, decimal Rate);

/// <summary>The result of evaluating tiers: the value, its parts, and the tier reached (0-based).</summary>
internal sealed record TierResult(decimal Value, IReadOnlyList<TierPart> Parts, int Reached, decimal Rate);

/// <summary>Tier evaluation shared by attainment curves, per-unit pay and revenue share. Tier starts are
/// multiplied by <c>scale</c> so that tiers written as attainments can slice a money total.</summary>
internal static class Tiers
{
    public static TierResult Evaluate(decimal quantity, IReadOnlyList<Tier> tiers, TierMode mode, decimal scale = 1m)
    {
        // Nothing to pay on nothing (or on a pool a loss-making deal drove below zero).
        var x = Math.Max(quantity, 0m);
        var reached = 0;
        for (var i = 1; i < tiers.Count; i++)
        {
            if (tiers[i].From * scale <= x)
                reached = i;
        }
        var rate = tiers[reached].Rate;
        if (mode == TierMode.Flat)
            return new TierResult(x * rate, [new TierPart(x, rate)], reached, rate);

        var parts = new List<TierPart>();
        for (var i = 0; i <= reached; i++)
        {
            var upper = i + 1 < tiers.Count ? Math.Min(x, tiers[i + 1].From * scale) : x;
            var slice = upper - tiers[i].From * scale;
            if (slice > 0)
                parts.Add(new TierPart(slice, tiers[i].Rate));
        }
        return new TierResult(parts.Sum(p => p.Quantity * p.Rate), parts, reached, rate);
    }

    /// <summary>"100 × 300 + 20 × 400" with the given number formats; "0" when there is nothing.</summary>
    public static string Render(IReadOnlyList<TierPart> parts, Func<decimal, string> quantity, Func<decimal, string> rate) =>
        parts.Count == 0 ? "0" : string.Join(" + ", parts.Select(p => $"{quantity(p.Quantity)} × {rate(p.Rate)}"));
}
