using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Actuals.PostMetrics;
using Saas.Api.Features.Actuals.PostSpend;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.Telemetry;

namespace Saas.Api.Features.Actuals.ImportCsv;

/// <summary><c>POST /actuals/import</c>: a <c>text/csv</c> file of events, spend or metric values. Columns are named as
/// the JSON fields (any order, any case); the kind is taken from <c>?kind=</c> or from the columns. The file is read as a
/// stream and stored in chunks in one transaction: every valid row or none, each invalid row reported with its index
/// (0 = the first row after the header). Deal splits and overlays are JSON-only.</summary>
public sealed class Endpoint(TenantDb db, TimeProvider time, SaasMetrics metrics) : Endpoint<Request, Result>
{
    public const int ChunkRows = 5000;

    /// <summary>A month of events from a CRM export is tens of megabytes.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    public override void Configure()
    {
        Post("import");
        Group<ActualsGroup>();
        Policies(Infrastructure.Auth.Policies.ActualsWrite);
        Options(route => route.WithIdempotencyKey(MaxBodyBytes));
        Description(route => route.WithName("ImportCsv").ClearDefaultAccepts().Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary => summary.Summary = "Import events, spend or metric values from a CSV export");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (HttpContext.Request.ContentType is not { } contentType || !contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            await Send.ResultAsync(Problems.Of(ProblemTypes.UnsupportedMediaType, "Send the file as text/csv (UTF-8, comma-separated, a header row first)."));
            return;
        }
        BodyLimit.Raise(HttpContext, MaxBodyBytes);

        // Invalid UTF-8 is an error, not a silent U+FFFD; a row with a stray quote is that row's error, not the file's.
        using var text = new StreamReader(HttpContext.Request.Body,
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var malformedRow = false;
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = _ => malformedRow = true,
            MissingFieldFound = null,
        });
        Result? result;
        ProblemHttpResult? problem;
        try
        {
            (result, problem) = await ImportAsync(csv, request.Kind, () => { var was = malformedRow; malformedRow = false; return was; }, cancellationToken);
        }
        catch (Exception e) when (e is CsvHelperException or System.Text.DecoderFallbackException)
        {
            var row = (e as CsvHelperException)?.Context?.Parser?.Row;
            (result, problem) = (null, Problems.Validation("file", e is System.Text.DecoderFallbackException
                ? "The file is not valid UTF-8; nothing was stored. Save it as UTF-8 and send it again."
                : $"The CSV cannot be read at line {row}; nothing was stored. Check its quotes.", "Csv"));
        }
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Send.OkAsync(result!, cancellationToken);
    }

    private async Task<(Result? Result, ProblemHttpResult? Problem)> ImportAsync(CsvReader csv, string? kind, Func<bool> rowWasMalformed,
        CancellationToken cancellationToken)
    {
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            return (null, Problems.Validation("file", "The file is empty; the first row names the columns.", "Header"));

        kind ??= header.Any(h => h.Equals("type", StringComparison.OrdinalIgnoreCase)) ? "events"
            : header.Any(h => h.Equals("metric", StringComparison.OrdinalIgnoreCase)) ? "metrics"
            : "spend";
        var known = CsvColumns.Known[kind];
        var names = header.Select(h => known.FirstOrDefault(k => k.Equals(h, StringComparison.OrdinalIgnoreCase))).ToArray();
        var unknown = header.Where((h, i) => names[i] is null).ToList();
        if (unknown.Count > 0)
            return (null, Problems.Validation("file", $"Unknown columns for {kind}: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.", "Columns"));
        var missing = CsvColumns.Required[kind].Where(r => !names.Contains(r)).ToList();
        if (missing.Count > 0)
            return (null, Problems.Validation("file", $"Missing columns for {kind}: {string.Join(", ", missing)}.", "Columns"));

        await using var work = await db.BeginAsync(cancellationToken);
        var result = kind switch
        {
            "events" => await ImportEventsAsync(csv, names!, rowWasMalformed, work, time.GetUtcNow(), cancellationToken),
            "spend" => await ImportValuesAsync(csv, names!, rowWasMalformed, kind, ReadSpend, SpendStore.StoreAsync, work),
            _ => await ImportValuesAsync(csv, names!, rowWasMalformed, kind, ReadMetric, MetricStore.StoreAsync, work),
        };
        await work.CommitAsync();
        if (kind == "events")
            metrics.EventsIngested(result.Accepted, result.Duplicates, result.RejectedCount);
        return (result, null);
    }

    private static async Task<Result> ImportEventsAsync(CsvReader csv, string[] names, Func<bool> rowWasMalformed, UnitOfWork work, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var ingestion = await EventIngestion.StartAsync(work, now);
        var chunk = new List<(int, EventInput)>(ChunkRows);
        var index = 0;
        while (await csv.ReadAsync())
        {
            var row = new CsvRow(csv, names);
            var input = new EventInput(row.Text("source"), row.Text("externalId"), row.Text("type"), row.Instant("occurredAt"), row.Text("leadId"),
                row.Text("dealId"), row.Text("accountId"), row.Id("employeeId"), row.Text("employeeExternalId"), row.Text("channel"), row.Text("campaign"),
                row.Text("hypothesis"), row.Number("amount"), row.Text("currency"), row.Text("reasonCode"), row.Text("comment"), null, null, null);
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

    private static async Task<Result> ImportValuesAsync<T>(CsvReader csv, string[] names, Func<bool> rowWasMalformed, string kind, Func<CsvRow, T> read,
        Func<UnitOfWork, IReadOnlyList<(int, T)>, List<RejectedItem>, Task<int>> store, UnitOfWork work)
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
            var row = new CsvRow(csv, names);
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

    private static SpendInput ReadSpend(CsvRow row) =>
        new(row.Date("date"), row.Text("channel"), row.Text("campaign"), row.Number("amount"), row.Text("currency"));

    private static MetricInput ReadMetric(CsvRow row) =>
        new(row.Id("employeeId"), row.Text("metric"), row.Text("period"), row.Number("value"));
}
