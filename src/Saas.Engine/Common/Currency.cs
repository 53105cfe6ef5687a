namespace Saas.Engine.Common;

/// <summary>ISO 4217 currencies the product accepts, with their minor units.</summary>
public static class Currency
{
    // The currencies a Russian- or English-speaking sales team is paid in, and the usual world ones.
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.Ordinal)
    {
        ["RUB"] = 2, ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CNY"] = 2, ["KZT"] = 2, ["BYN"] = 2,
        ["UZS"] = 2, ["KGS"] = 2, ["AMD"] = 2, ["AZN"] = 2, ["GEL"] = 2, ["TRY"] = 2, ["AED"] = 2, ["INR"] = 2,
        ["PLN"] = 2, ["CZK"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2,
        ["SGD"] = 2, ["HKD"] = 2, ["ILS"] = 2, ["BRL"] = 2, ["MXN"] = 2, ["ZAR"] = 2, ["RSD"] = 2, ["MDL"] = 2,
        ["TJS"] = 2, ["TMT"] = 2, ["UAH"] = 2, ["THB"] = 2, ["MYR"] = 2, ["IDR"] = 2, ["PHP"] = 2, ["SAR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0, ["HUF"] = 2,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3,
    };

    public static IReadOnlyCollection<string> Codes => MinorUnits.Keys;

    public static bool IsKnown(string? code) => code is not null && MinorUnits.ContainsKey(code);

    public static int MinorUnitsOf(string code) =>
        MinorUnits.TryGetValue(code, out var digits) ? digits : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));

    /// <summary>Rounds a final amount to the currency's minor unit, half away from zero. Intermediate
    /// arithmetic stays unrounded; only a statement's final lines are rounded.</summary>
    public static decimal Round(decimal amount, string code) =>
        Math.Round(amount, MinorUnitsOf(code), MidpointRounding.AwayFromZero);
}
