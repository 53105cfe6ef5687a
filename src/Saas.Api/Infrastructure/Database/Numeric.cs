namespace Saas.Api.Infrastructure.Database;

/// <summary>Amounts in documents as the tables' <c>numeric(19, 4)</c> columns kept them, so that an amount reads back as it
/// did before it moved: rounded half away from zero to four places (as PostgreSQL rounds), with four places.</summary>
public static class Numeric
{
    public static decimal Stored(decimal amount) => decimal.Round(amount, 4, MidpointRounding.AwayFromZero) + 0.0000m;
}
