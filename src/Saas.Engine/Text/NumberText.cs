using System.Globalization;
using System.Text;
using Saas.Engine.Common;

namespace Saas.Engine.Text;

/// <summary>Numbers as people read them. Done by hand rather than through <see cref="CultureInfo"/> so that the
/// text is the same on every machine (ICU versions disagree on the Russian group separator).</summary>
public static class NumberText
{
    /// <summary>Russian digit groups: a no-break space, so that "19 800" never breaks across lines.</summary>
    public const char RuGroupSeparator = '\u00A0';

    private const char DisplayMinus = '\u2212';

    /// <summary>For formulas: invariant, no grouping, at most six decimals, no trailing zeros (<c>19800</c>, <c>0.6</c>).</summary>
    public static string Invariant(decimal value)
    {
        var rounded = Math.Round(value, 6, MidpointRounding.AwayFromZero);
        return rounded.ToString("0.######", CultureInfo.InvariantCulture);
    }

    /// <summary>Every digit a decimal holds, without trailing zeros, for the rounding line that must show what it removed.</summary>
    public static string Exact(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>A number for an explanation: digit groups and decimal separator of the language, between
    /// <paramref name="minDecimals"/> and <paramref name="maxDecimals"/> decimals.</summary>
    public static string Number(decimal value, Language language, int minDecimals = 0, int maxDecimals = 2)
    {
        var rounded = Math.Round(value, maxDecimals, MidpointRounding.AwayFromZero);
        var digits = Math.Abs(rounded).ToString("F" + maxDecimals, CultureInfo.InvariantCulture);
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? "" : digits[(point + 1)..];
        while (fraction.Length > minDecimals && fraction[^1] == '0')
            fraction = fraction[..^1];

        var text = new StringBuilder();
        if (rounded < 0)
            text.Append(DisplayMinus);
        var group = language == Language.Ru ? RuGroupSeparator : ',';
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
                text.Append(group);
            text.Append(whole[i]);
        }
        if (fraction.Length > 0)
            text.Append(language == Language.Ru ? ',' : '.').Append(fraction);
        return text.ToString();
    }

    /// <summary>A fraction as a percent: 1.1 → "110 %" (ru) or "110%" (en).</summary>
    public static string Percent(decimal fraction, Language language) =>
        Number(fraction * 100, language) + (language == Language.Ru ? "\u00A0%" : "%");

    /// <summary>Money rounded to the currency's minor unit for display only; kopecks shown only when there are
    /// some: "19 800 ₽", "12 345,67 ₽", "19,800 RUB".</summary>
    public static string Money(decimal amount, string currency, Language language)
    {
        var minor = Currency.MinorUnitsOf(currency);
        var rounded = Currency.Round(amount, currency);
        var decimals = rounded == decimal.Truncate(rounded) ? 0 : minor;
        var number = Number(rounded, language, decimals, minor);
        return language == Language.Ru
            ? number + "\u00A0" + RussianSymbol(currency)
            : number + " " + currency;
    }

    private static string RussianSymbol(string currency) => currency switch
    {
        "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        _ => currency,
    };
}
