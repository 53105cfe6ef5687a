using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Engine.Common;

public enum PeriodKind
{
    Month,
    Quarter,
}

/// <summary>A pay period: a calendar month (<c>2026-11</c>) or quarter (<c>2026-Q4</c>).</summary>
public readonly partial record struct Period(int Year, PeriodKind Kind, int Number) : IComparable<Period>
{
    public static Period Month(int year, int month) => new(year, PeriodKind.Month, month);

    public static Period Quarter(int year, int quarter) => new(year, PeriodKind.Quarter, quarter);

    public static Period MonthOf(DateOnly date) => Month(date.Year, date.Month);

    public static Period QuarterOf(DateOnly date) => Quarter(date.Year, (date.Month - 1) / 3 + 1);

    /// <summary>First day of the period.</summary>
    public DateOnly Start => Kind == PeriodKind.Month
        ? new DateOnly(Year, Number, 1)
        : new DateOnly(Year, (Number - 1) * 3 + 1, 1);

    /// <summary>First day after the period (exclusive end).</summary>
    public DateOnly EndExclusive => Kind == PeriodKind.Month ? Start.AddMonths(1) : Start.AddMonths(3);

    public int Days => EndExclusive.DayNumber - Start.DayNumber;

    public Period Previous => Kind == PeriodKind.Month
        ? (Number == 1 ? Month(Year - 1, 12) : Month(Year, Number - 1))
        : (Number == 1 ? Quarter(Year - 1, 4) : Quarter(Year, Number - 1));

    public Period Next => Kind == PeriodKind.Month
        ? (Number == 12 ? Month(Year + 1, 1) : Month(Year, Number + 1))
        : (Number == 4 ? Quarter(Year + 1, 1) : Quarter(Year, Number + 1));

    /// <summary>The months this period consists of (one for a month, three for a quarter).</summary>
    public IEnumerable<Period> Months()
    {
        if (Kind == PeriodKind.Month)
        {
            yield return this;
            yield break;
        }
        for (var i = 0; i < 3; i++)
            yield return Month(Year, (Number - 1) * 3 + 1 + i);
    }

    public bool Contains(DateOnly date) => date >= Start && date < EndExclusive;

    public override string ToString() => Kind == PeriodKind.Month
        ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Number}");

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (text is null)
            return false;
        var match = Pattern().Match(text);
        if (!match.Success)
            return false;
        var year = int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture);
        if (year < 2000 || year > 2999)
            return false;
        if (match.Groups["month"].Success)
        {
            var month = int.Parse(match.Groups["month"].ValueSpan, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
                return false;
            period = Month(year, month);
            return true;
        }
        period = Quarter(year, match.Groups["quarter"].ValueSpan[0] - '0');
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period like 2026-11 or 2026-Q4.");

    public int CompareTo(Period other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : EndExclusive.CompareTo(other.EndExclusive);
    }

    // [0-9], not \d: \d matches every Unicode digit ("２０２６"), which int.Parse then refuses.
    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?:(?<month>[0-9]{2})|Q(?<quarter>[1-4]))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
