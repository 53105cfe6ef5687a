using Saas.Engine.Common;

namespace Saas.Engine.Tests.Common;

public class PeriodTests
{
    [Theory]
    [InlineData("2026-11", "2026-11-01", "2026-12-01", "2026-10")]
    [InlineData("2026-01", "2026-01-01", "2026-02-01", "2025-12")]
    [InlineData("2026-Q4", "2026-10-01", "2027-01-01", "2026-Q3")]
    [InlineData("2026-Q1", "2026-01-01", "2026-04-01", "2025-Q4")]
    public void Parses_bounds_and_previous(string text, string start, string endExclusive, string previous)
    {
        var period = Period.Parse(text);

        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(endExclusive), period.EndExclusive);
        Assert.Equal(previous, period.Previous.ToString());
        Assert.Equal(text, period.ToString());
        Assert.Equal(period, period.Previous.Next);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("\uFF12026-01")]
    [InlineData("\u0662\u0660\u0662\u0666-01")]
    [InlineData("2026-00")]
    [InlineData("2026-Q5")]
    [InlineData("2026-1")]
    [InlineData("26-11")]
    [InlineData("2026-11 ")]
    [InlineData("2026-q4")]
    public void Rejects_malformed_periods(string text) => Assert.False(Period.TryParse(text, out _));

    [Fact]
    public void A_quarter_is_made_of_three_months() =>
        Assert.Equal(["2026-10", "2026-11", "2026-12"], Period.Parse("2026-Q4").Months().Select(m => m.ToString()));

    [Theory]
    [InlineData("2026-01-01", "2026-01", "2026-Q1")]
    [InlineData("2026-03-31", "2026-03", "2026-Q1")]
    [InlineData("2026-04-01", "2026-04", "2026-Q2")]
    [InlineData("2026-12-31", "2026-12", "2026-Q4")]
    public void A_day_is_in_its_month_and_its_quarter(string day, string month, string quarter) =>
        Assert.Equal((month, quarter), (Period.MonthOf(DateOnly.Parse(day)).ToString(), Period.QuarterOf(DateOnly.Parse(day)).ToString()));
}
