namespace Saas.Engine.Common;

/// <summary>ISO 4217 currencies the product accepts, with their minor units.</summary>
public static class Currency
{
    // The currencies a Russian- or English-speaking sales team is paid in, and the usual world ones, by the
    // number of digits after the decimal point (ISO 4217 minor unit).
    private static readonly Dictionary<string, int> MinorUnits = ByMinorUnit(
        (2, "RUB USD EUR GBP CHF CNY KZT BYN UZS KGS AMD AZN GEL TRY AED INR PLN CZK SEK NOK DKK CAD AUD NZD SGD HKD " +
            "ILS BRL MXN ZAR RSD MDL TJS TMT UAH THB MYR IDR PHP SAR HUF"),
        (0, "JPY KRW VND CLP ISK"),
        (3, "BHD KWD OMR JOD TND"));

    public static IReadOnlyCollection<string> Codes => MinorUnits.Keys;

    public static bool IsKnown(string? code) => code is not null && MinorUnits.ContainsKey(code);

    public static int MinorUnitsOf(string code) =>
        MinorUnits.TryGetValue(code, out var digits) ? digits : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));

    /// <summary>Rounds a final amount to the currency's minor unit, half away from zero. Intermediate
    /// arithmetic stays unrounded; only a statement's final lines are rounded.</summary>
    public static decimal Round(decimal amount, string code) =>
        Math.Round(amount, MinorUnitsOf(code), MidpointRounding.AwayFromZero);

    /// <summary>An amount as the API writes it: rounded to the currency's minor unit and carrying exactly that many decimals
    /// (<c>78125.0000</c> and <c>78125</c> both become <c>78125.00</c> in roubles, <c>78125</c> in yen), so that every response
    /// shows money the same way.</summary>
    public static decimal Scaled(decimal amount, string code)
    {
        // Stored amounts carry a known currency; one that is not (an old row, say) is written as it is rather than failing.
        if (!MinorUnits.TryGetValue(code, out var digits))
            return amount;
        return Math.Round(amount, digits, MidpointRounding.AwayFromZero) + new decimal(0, 0, 0, false, (byte)digits);
    }

    public static decimal? Scaled(decimal? amount, string code) => amount is { } value ? Scaled(value, code) : null;

    private static Dictionary<string, int> ByMinorUnit(params (int Digits, string Codes)[] groups) =>
        groups.SelectMany(group => group.Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(code => (code, group.Digits)))
            .ToDictionary(pair => pair.code, pair => pair.Digits, StringComparer.Ordinal);
}
