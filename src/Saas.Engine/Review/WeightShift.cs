namespace Saas.Engine.Review;

/// <summary>Raises one weight and takes the same amount from the others in proportion to their weights, in whole
/// weight units, none below a floor. The sum of the weights is unchanged to the last digit, so a plan whose weights
/// added up to exactly 1 still does.</summary>
internal static class WeightShift
{
    /// <summary>The weight units moved to the raised component (at most <paramref name="stepUnits"/>, less when the
    /// others cannot give more), and the units each donor gives, in the donors' order.</summary>
    public static (int Raised, int[] Given) Raise(IReadOnlyList<decimal> donors, int stepUnits, decimal floor, decimal unit)
    {
        var capacity = donors.Select(w => (int)Math.Max(0m, decimal.Floor((w - floor) / unit))).ToArray();
        var total = Math.Min(stepUnits, capacity.Sum());
        var given = new int[donors.Count];
        if (total == 0)
            return (0, given);

        // Proportional shares on exact decimals, donors that hit their floor fixed at it and the rest shared again.
        var share = new decimal[donors.Count];
        var open = Enumerable.Range(0, donors.Count).Where(i => capacity[i] > 0).ToList();
        decimal left = total;
        while (open.Count > 0)
        {
            var weight = open.Sum(i => donors[i]);
            var full = open.Where(i => left * donors[i] / weight > capacity[i]).ToList();
            if (full.Count == 0)
            {
                foreach (var i in open)
                    share[i] = left * donors[i] / weight;
                break;
            }
            foreach (var i in full)
            {
                share[i] = capacity[i];
                left -= capacity[i];
                open.Remove(i);
            }
        }

        // Whole units: the floor of each share, then the largest remainders (first donor first on a tie).
        for (var i = 0; i < donors.Count; i++)
            given[i] = (int)decimal.Floor(share[i]);
        var rest = total - given.Sum();
        foreach (var i in Enumerable.Range(0, donors.Count).OrderByDescending(i => share[i] - given[i]).ThenBy(i => i))
        {
            if (rest == 0)
                break;
            if (given[i] < capacity[i])
            {
                given[i]++;
                rest--;
            }
        }
        return (total - rest, given);
    }
}
