using System.Globalization;
using CsvHelper;

namespace Saas.Api.Features.Actuals.ImportCsv;

/// <summary>One CSV row read by column name; a cell that does not parse becomes that row's field error.</summary>
internal sealed class CsvRow
{
    private readonly CsvReader _csv;
    private readonly string[] _names;

    public CsvRow(CsvReader csv, string[] names) => (_csv, _names) = (csv, names);

    /// <summary>Called once every cell was read: the parser reports a stray quote only when the cell is read.</summary>
    public void Read(bool malformed)
    {
        if (malformed)
            Errors["$"] = ["The row has a stray quote; quote a cell that holds commas or quotes, and double the quotes inside it."];
        else if (_csv.Parser.Count != _names.Length)
            Errors["$"] = [$"The row has {_csv.Parser.Count} cells and the header {_names.Length}."];
    }

    public Dictionary<string, string[]> Errors { get; } = [];

    public string? Text(string column)
    {
        var index = Array.IndexOf(_names, column);
        if (index < 0 || index >= _csv.Parser.Count || _csv.GetField(index) is not { Length: > 0 } value)
            return null;
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            Errors[column] = [$"'{column}' contains the character U+0000."];
            return null;
        }
        return value;
    }

    public Guid? Id(string column) => Parse(column, "a UUID", text => Guid.TryParse(text, out var id) ? id : (Guid?)null);

    public decimal? Number(string column) => Parse(column, "a number with '.' as the decimal point",
        text => decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) ? number : (decimal?)null);

    public DateTimeOffset? Instant(string column) => Parse(column, "an ISO 8601 time (2026-11-30T10:15:00+03:00; UTC when no offset)",
        text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : (DateTimeOffset?)null);

    public DateOnly? Date(string column) => Parse(column, "a date (2026-11-30)",
        text => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null);

    private TValue? Parse<TValue>(string column, string expected, Func<string, TValue?> parse) where TValue : struct
    {
        if (Text(column) is not { } text)
            return null;
        var value = parse(text);
        if (value is null)
            Errors[column] = [$"'{column}' must be {expected}."];
        return value;
    }
}
