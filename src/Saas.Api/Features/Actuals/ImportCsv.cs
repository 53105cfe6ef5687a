using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Actuals;

/// <summary><c>POST /actuals/import</c>: a <c>text/csv</c> file of events, spend or metric values. Columns are named as
/// the JSON fields (any order, any case); the kind is taken from <c>?kind=</c> or from the columns. The file is read as a
/// stream and stored in chunks in one transaction: every valid row or none, each invalid row reported with its index
/// (0 = the first row after the header). Deal splits and overlays are JSON-only.</summary>
public static class ImportCsv
{
    public const int ChunkRows = 5000;

    /// <summary>A month of events from a CRM export is tens of megabytes.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    public sealed record Result(string Kind, int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedItem> Rejected, int RejectedCount);

    private static readonly Dictionary<string, string[]> Columns = new()
    {
        ["events"] = ["source", "externalId", "type", "occurredAt", "leadId", "dealId", "accountId", "employeeId", "employeeExternalId",
            "channel", "campaign", "hypothesis", "amount", "currency", "reasonCode", "comment"],
        ["spend"] = ["date", "channel", "campaign", "amount", "currency"],
        ["metrics"] = ["employeeId", "metric", "period", "value"],
    };

    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["events"] = ["source", "externalId", "type", "occurredAt"],
        ["spend"] = ["date", "channel", "amount", "currency"],
        ["metrics"] = ["employeeId", "metric", "period", "value"],
    };

    public static async Task<Results<Ok<Result>, ProblemHttpResult>> Handle(
        HttpRequest request, TenantDb db, TimeProvider time, CancellationToken cancellationToken, string? kind = null)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            return Problems.Of(ProblemTypes.UnsupportedMediaType, "Send the file as text/csv (UTF-8, comma-separated, a header row first).");
        if (kind is not null && !Columns.ContainsKey(kind))
            return Problems.Validation("kind", "'kind' must be events, spend or metrics.", "Must");
        BodyLimit.Raise(request.HttpContext, MaxBodyBytes);

        // Invalid UTF-8 is an error, not a silent U+FFFD; a row with a stray quote is that row's error, not the file's.
        using var text = new StreamReader(request.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var malformedRow = false;
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = _ => malformedRow = true,
            MissingFieldFound = null,
        });
        try
        {
            return await ImportAsync(db, time, csv, kind, () => { var was = malformedRow; malformedRow = false; return was; }, cancellationToken);
        }
        catch (Exception e) when (e is CsvHelperException or System.Text.DecoderFallbackException)
        {
            var row = (e as CsvHelperException)?.Context?.Parser?.Row;
            return Problems.Validation("file", e is System.Text.DecoderFallbackException
                ? "The file is not valid UTF-8; nothing was stored. Save it as UTF-8 and send it again."
                : $"The CSV cannot be read at line {row}; nothing was stored. Check its quotes.", "Csv");
        }
    }

    private static async Task<Results<Ok<Result>, ProblemHttpResult>> ImportAsync(TenantDb db, TimeProvider time, CsvReader csv,
        string? kind, Func<bool> rowWasMalformed, CancellationToken cancellationToken)
    {
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            return Problems.Validation("file", "The file is empty; the first row names the columns.", "Header");

        kind ??= header.Any(h => h.Equals("type", StringComparison.OrdinalIgnoreCase)) ? "events"
            : header.Any(h => h.Equals("metric", StringComparison.OrdinalIgnoreCase)) ? "metrics"
            : "spend";
        var known = Columns[kind];
        var names = header.Select(h => known.FirstOrDefault(k => k.Equals(h, StringComparison.OrdinalIgnoreCase))).ToArray();
        var unknown = header.Where((h, i) => names[i] is null).ToList();
        if (unknown.Count > 0)
            return Problems.Validation("file", $"Unknown columns for {kind}: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.", "Columns");
        var missing = Required[kind].Where(r => !names.Contains(r)).ToList();
        if (missing.Count > 0)
            return Problems.Validation("file", $"Missing columns for {kind}: {string.Join(", ", missing)}.", "Columns");

        await using var work = await db.BeginAsync(cancellationToken);
        var result = kind switch
        {
            "events" => await ImportEventsAsync(csv, names!, rowWasMalformed, work, time.GetUtcNow(), cancellationToken),
            "spend" => await ImportValuesAsync(csv, names!, rowWasMalformed, kind, ReadSpend, PostSpend.StoreAsync, work, cancellationToken),
            _ => await ImportValuesAsync(csv, names!, rowWasMalformed, kind, ReadMetric, PostMetrics.StoreAsync, work, cancellationToken),
        };
        await work.CommitAsync();
        return TypedResults.Ok(result);
    }

    private static async Task<Result> ImportEventsAsync(CsvReader csv, string[] names, Func<bool> rowWasMalformed, UnitOfWork work, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var ingestion = await EventIngestion.StartAsync(work, now);
        var chunk = new List<(int, EventInput)>(ChunkRows);
        var index = 0;
        while (await csv.ReadAsync())
        {
            var row = new Row(csv, names);
            var input = new EventInput(row.Text("source"), row.Text("externalId"), row.Text("type"), row.Instant("occurredAt"), row.Text("leadId"),
                row.Text("dealId"), row.Text("accountId"), row.Id("employeeId"), row.Text("employeeExternalId"), row.Text("channel"), row.Text("campaign"),
                row.Text("hypothesis"), row.Number("amount"), row.Text("currency"), row.Text("reasonCode"), row.Text("comment"), null, null);
            row.Read(rowWasMalformed());
            if (row.Errors.Count > 0)
                ingestion.Reject(index, row.Errors);
            else
                chunk.Add((index, input));
            if (chunk.Count == ChunkRows)
            {
                await ingestion.StageAsync(chunk, cancellationToken);
                chunk.Clear();
            }
            index++;
        }
        await ingestion.StageAsync(chunk, cancellationToken);
        var result = await ingestion.FinishAsync();
        return new Result("events", result.Received, result.Accepted, result.Duplicates, [.. result.Rejected.OrderBy(r => r.Index)], result.RejectedCount);
    }

    private static async Task<Result> ImportValuesAsync<T>(CsvReader csv, string[] names, Func<bool> rowWasMalformed, string kind, Func<Row, T> read,
        Func<UnitOfWork, IReadOnlyList<(int, T)>, List<RejectedItem>, Task<int>> store, UnitOfWork work, CancellationToken cancellationToken)
    {
        // Rejected rows are counted in full but listed only up to a limit, so that a file of bad rows stays small in memory.
        var listed = new List<RejectedItem>();
        var rejectedCount = 0;
        void Keep(List<RejectedItem> batch)
        {
            rejectedCount += batch.Count;
            listed.AddRange(batch.Take(EventIngestion.MaxRejectedListed - listed.Count));
            batch.Clear();
        }
        var rejected = new List<RejectedItem>();
        var chunk = new List<(int, T)>(ChunkRows);
        var (index, stored) = (0, 0);
        while (await csv.ReadAsync())
        {
            var row = new Row(csv, names);
            var value = read(row);
            row.Read(rowWasMalformed());
            if (row.Errors.Count > 0)
                rejected.Add(new RejectedItem(index, row.Errors));
            else
                chunk.Add((index, value));
            if (chunk.Count == ChunkRows)
            {
                stored += await store(work, chunk, rejected);
                chunk.Clear();
                Keep(rejected);
            }
            index++;
        }
        stored += await store(work, chunk, rejected);
        Keep(rejected);
        return new Result(kind, index, stored, 0, [.. listed.OrderBy(r => r.Index)], rejectedCount);
    }

    private static PostSpend.SpendInput ReadSpend(Row row) =>
        new(row.Date("date"), row.Text("channel"), row.Text("campaign"), row.Number("amount"), row.Text("currency"));

    private static PostMetrics.MetricInput ReadMetric(Row row) =>
        new(row.Id("employeeId"), row.Text("metric"), row.Text("period"), row.Number("value"));

    /// <summary>One CSV row read by column name; a cell that does not parse becomes that row's field error.</summary>
    private sealed class Row
    {
        private readonly CsvReader _csv;
        private readonly string[] _names;

        public Row(CsvReader csv, string[] names) => (_csv, _names) = (csv, names);

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
}
