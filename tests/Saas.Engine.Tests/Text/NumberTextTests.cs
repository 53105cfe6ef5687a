using Saas.Engine.Text;

namespace Saas.Engine.Tests.Text;

public class NumberTextTests
{
    [Theory]
    [InlineData("19800", Language.Ru, "19 800 ₽")]
    [InlineData("19800", Language.En, "19,800 RUB")]
    [InlineData("1234567.891", Language.Ru, "1 234 567,89 ₽")]
    [InlineData("1234567.891", Language.En, "1,234,567.89 RUB")]
    [InlineData("-5000", Language.Ru, "−5 000 ₽")]
    [InlineData("0.005", Language.En, "0.01 RUB")]
    [InlineData("999.999", Language.En, "1,000 RUB")]
    [InlineData("0", Language.Ru, "0 ₽")]
    public void Money_in_rubles(string amount, Language language, string expected) =>
        Assert.Equal(expected, NumberText.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "RUB", language)
            .Replace('\u00A0', ' '));

    [Fact]
    public void Other_currencies_show_their_code_or_sign()
    {
        Assert.Equal("1\u00A0500\u00A0$", NumberText.Money(1500, "USD", Language.Ru));
        Assert.Equal("1\u00A0500\u00A0KZT", NumberText.Money(1500, "KZT", Language.Ru));
        Assert.Equal("1,501 JPY", NumberText.Money(1500.5m, "JPY", Language.En));
    }

    [Theory]
    [InlineData("1.1", Language.Ru, "110 %")]
    [InlineData("1.1", Language.En, "110%")]
    [InlineData("0.6667", Language.Ru, "66,67 %")]
    [InlineData("0.22", Language.En, "22%")]
    public void Percent(string fraction, Language language, string expected) =>
        Assert.Equal(expected, NumberText.Percent(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture), language)
            .Replace('\u00A0', ' '));

    [Theory]
    [InlineData("19800.0000", "19800")]
    [InlineData("1.10", "1.1")]
    [InlineData("0.6666666666666666666666666667", "0.666667")]
    [InlineData("-15000", "-15000")]
    public void Invariant_for_formulas(string value, string expected) =>
        Assert.Equal(expected, NumberText.Invariant(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
