using System.Globalization;
using System.Text;

namespace Saas.Bench;

/// <summary>The results table and its details, in markdown.</summary>
public sealed class Report
{
    private static readonly NumberFormatInfo Spaced = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public required Options Options { get; init; }
    public required long EventsBytes { get; init; }
    public required PassResult First { get; init; }
    public required PassResult Second { get; init; }
    public required int ResendRequests { get; init; }
    public required double ApiRate { get; init; }
    public required double CopySeconds { get; init; }
    public required double CopyRate { get; init; }
    public required double PeakMb { get; init; }
    public required double SampledMb { get; init; }
    public required long Count { get; init; }
    public required long Lost { get; init; }
    public required long Duplicated { get; init; }
    public required long Added { get; init; }
    public required bool SameRows { get; init; }
    public required CpuMeter ApiCpu { get; init; }
    public required CpuMeter CopyCpu { get; init; }
    public required string? Statements { get; init; }
    public required string Mix { get; init; }

    /// <summary>The lead facts the API's worker rebuilt for the events after the pass (its settle delay, then until none
    /// was pending), and the CPU that took.</summary>
    public required long FactsRows { get; init; }
    public required double FactsSeconds { get; init; }
    public required CpuMeter FactsCpu { get; init; }

    private static string N(double value) => value.ToString("N0", Spaced);

    private static string Verdict(bool met) => met ? "met" : "**MISSED**";

    public string Markdown(double ratioTarget, double rssTargetMb)
    {
        var o = Options;
        var ratio = ApiRate / CopyRate;
        var text = new StringBuilder();
        text.AppendLine("| measure | result | target | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        text.AppendLine($"| API ingestion, `POST /api/v1/actuals/events` | {N(ApiRate)} events/s ({First.WallSeconds:F1} s) | | |");
        text.AppendLine($"| bare `COPY` of the same rows into `events`, the faster of two runs | {N(CopyRate)} rows/s ({CopySeconds:F1} s) | | |");
        text.AppendLine($"| API rate / `COPY` rate | {ratio * 100:F1} % | ≥ {ratioTarget * 100:F0} % | {Verdict(ratio >= ratioTarget)} |");
        var apiCpuEvent = (ApiCpu.Api + ApiCpu.PostgresBackends + ApiCpu.PostgresBackground) / o.Events * 1e6;
        var copyCpuRow = (CopyCpu.PostgresBackends + CopyCpu.PostgresBackground) / o.Events * 1e6;
        text.AppendLine($"| CPU: `COPY` a row / the API path an event | {copyCpuRow:F0} / {apiCpuEvent:F0} µs = {copyCpuRow / apiCpuEvent * 100:F1} % | " +
            $"≥ {ratioTarget * 100:F0} % | {Verdict(copyCpuRow / apiCpuEvent >= ratioTarget)} |");
        text.AppendLine($"| API peak RSS (VmHWM) | {PeakMb:F0} MB | ≤ {rssTargetMb:F0} MB | {Verdict(PeakMb <= rssTargetMb)} |");
        text.AppendLine($"| rows lost / duplicated (of {N(o.Events)}) | {N(Lost)} / {N(Duplicated)} | 0 / 0 | {Verdict(Lost == 0 && Duplicated == 0)} |");
        text.AppendLine($"| rows added by re-sending {o.ResendPercent} % of the requests | {N(Added)} | 0 | {Verdict(Added == 0)} |");
        var factsMicros = (FactsCpu.Api + FactsCpu.PostgresBackends) / o.Events * 1e6;
        var pathMicros = (ApiCpu.Api + ApiCpu.PostgresBackends) / o.Events * 1e6;
        text.AppendLine($"| report facts of these events, rebuilt after the pass (lead-facts worker, after its settle delay) | {N(FactsRows)} leads and deals " +
            $"in {FactsSeconds:F0} s, {factsMicros:F0} µs of CPU an event (the API path {pathMicros:F0} µs) | | |");
        foreach (var (phase, cpu, seconds) in new[] { ("API pass", ApiCpu, First.WallSeconds), ("bare COPY", CopyCpu, CopySeconds) })
        {
            if (cpu.Others > 0.1 * seconds * Environment.ProcessorCount)
                text.AppendLine($"\n**Noisy run:** other processes used {cpu.Others:F0} of the {seconds * Environment.ProcessorCount:F0} core-seconds during the {phase}; " +
                    "the figures are lower than on an idle machine, and the ratio is less reliable. Re-run when the machine is idle.");
        }
        text.AppendLine();
        text.AppendLine("Details:");
        text.AppendLine();
        text.AppendLine($"- Load: {N(o.Events)} events (seed {o.Seed}) in {N(First.Requests)} requests of {N(o.Batch)} from {o.Clients} concurrent clients, " +
            $"{EventsBytes / 1048576.0:F0} MB of JSON ({(double)EventsBytes / o.Events:F0} bytes an event), after {o.WarmupBatches} warm-up requests for another tenant, whose report facts the API then rebuilt before the pass. " +
            $"Mix: {Mix}.");
        text.AppendLine($"- Request latency: p50 {First.Percentile(50):F0} ms, p95 {First.Percentile(95):F0} ms, max {First.Percentile(100):F0} ms. " +
            $"The API reported {N(First.Accepted)} accepted, {N(First.Duplicates)} duplicates, {N(First.Rejected)} rejected; {First.Throttled} requests throttled (429) and retried.");
        text.AppendLine($"- CPU during the API pass: {ApiCpu.Describe(First.WallSeconds)}.");
        text.AppendLine($"- CPU during the bare COPY: {CopyCpu.Describe(CopySeconds)}.");
        var apiMicros = (ApiCpu.Api + ApiCpu.PostgresBackends + ApiCpu.PostgresBackground) / o.Events * 1e6;
        var copyMicros = (CopyCpu.PostgresBackends + CopyCpu.PostgresBackground) / o.Events * 1e6;
        text.AppendLine($"- CPU cost, which other processes disturb less than the rates: the API path takes {apiMicros:F0} µs of CPU an event " +
            $"({ApiCpu.Api / o.Events * 1e6:F0} µs in the API, {(ApiCpu.PostgresBackends + ApiCpu.PostgresBackground) / o.Events * 1e6:F0} µs in PostgreSQL), " +
            $"the bare COPY {copyMicros:F0} µs a row: {100 * copyMicros / apiMicros:F0} % of the API path's. The API path spreads over both cores " +
            "(several requests at once), the bare COPY is one backend on one core.");
        text.AppendLine($"- Rows for the tenant after the first pass: {N(Count)}. Re-send: {N(ResendRequests)} requests in {Second.WallSeconds:F1} s, " +
            $"the API reported {N(Second.Accepted)} accepted and {N(Second.Duplicates)} duplicates.");
        text.AppendLine($"- The rows the API stored are {(SameRows ? "identical" : "**not identical**")} to the bare COPY's in every column taken from the request.");
        text.AppendLine($"- API resident set: peak {PeakMb:F0} MB (VmHWM, whole process life), highest sampled during the pass {SampledMb:F0} MB.");
        if (Statements is not null)
        {
            text.AppendLine();
            text.AppendLine("PostgreSQL statements during the API pass (pg_stat_statements, by total time):");
            text.AppendLine();
            text.Append(Statements);
        }
        return text.ToString();
    }
}
