using Saas.Engine.Common;

namespace Saas.Engine.Tests.Common;

public class CurrencyAndRoleTests
{
    [Theory]
    [InlineData("0.005", "RUB", "0.01")]
    [InlineData("-0.005", "RUB", "-0.01")]
    [InlineData("2.675", "USD", "2.68")]
    [InlineData("12.5", "JPY", "13")]
    [InlineData("1.0005", "KWD", "1.001")]
    public void Rounds_half_away_from_zero_to_the_minor_unit(string amount, string currency, string expected) =>
        Assert.Equal(decimal.Parse(expected), Currency.Round(decimal.Parse(amount), currency));

    [Theory]
    [InlineData(Role.SalesManager, "sales_manager")]
    [InlineData(Role.Smm, "smm")]
    [InlineData(Role.HeadOfSales, "head_of_sales")]
    [InlineData(Role.KeyAccountManager, "key_account_manager")]
    public void Roles_round_trip_through_their_wire_names(Role role, string wire)
    {
        Assert.Equal(wire, role.WireName());
        Assert.True(Roles.TryParse(wire, out var parsed));
        Assert.Equal(role, parsed);
    }

    [Theory]
    [InlineData("SalesManager")]
    [InlineData("sales__manager")]
    [InlineData("salesmanager")]
    [InlineData("")]
    [InlineData("_sales_manager")]
    public void Unknown_role_names_are_rejected(string wire) => Assert.False(Roles.TryParse(wire, out _));

    [Theory]
    [InlineData("78125.0000", "RUB", "78125.00")]
    [InlineData("164", "RUB", "164.00")]
    [InlineData("1.005", "USD", "1.01")]
    [InlineData("-1.005", "USD", "-1.01")]
    [InlineData("78125.50", "JPY", "78126")]
    [InlineData("2.5", "BHD", "2.500")]
    public void Money_is_written_with_exactly_the_currencys_minor_unit(string amount, string currency, string written)
    {
        var scaled = Currency.Scaled(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(written, scaled.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
