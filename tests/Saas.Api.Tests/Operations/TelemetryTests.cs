using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Saas.Api.Features.Reports;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Tests.Features.Actuals;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Operations;

/// <summary>The API with in-memory exporters on its tracer and meter providers. Activity sources and meters are process-wide,
/// and other test classes' APIs run beside this one: its spans are told apart by their trace or tenant, and its meter
/// provider keeps only the instruments of this API's own meter factory.</summary>
public sealed class TelemetryFixture : ApiFixture
{
    public Exported<Activity> Spans { get; } = new();

    public Exported<MetricSnapshot> Metrics { get; } = new();

    // The refresher's first round runs at start and the next in an hour: the tests run the rounds they read. No import settles.
    protected override Dictionary<string, string?> Settings => new()
    {
        ["LeadFacts:PollInterval"] = "01:00:00",
        ["LeadFacts:SettleDelay"] = "01:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        // Nothing exports traces in tests, so the API samples none: the test's exporter samples them all.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var ownMeters = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, ownMeters) ? null : MetricStreamConfiguration.Drop);
        });
    }
}

/// <summary>What an exporter wrote, safe to read while spans of other threads end.</summary>
public sealed class Exported<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
                return _items.Count;
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_gate)
            _items.Add(item);
    }

    public void Clear()
    {
        lock (_gate)
            _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_gate)
            return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_gate)
            _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_gate)
            return _items.Remove(item);
    }

    public IEnumerator<T> GetEnumerator()
    {
        lock (_gate)
            return _items.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public class TelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>
{
    private const string EventsRoute = "/api/v1/actuals/events";

    private IAlbaHost Host => fixture.Host;

    private static object Event(string externalId, string leadId) =>
        ActualsScenarios.Event(externalId, "lead.created", "2026-11-10T10:00:00+03:00", leadId);

    /// <summary>A new tenant's integration, allowed to post events.</summary>
    private async Task<Caller> IntegrationAsync()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());
        return Caller.Integration(await Host.ApiKeyAsync(admin, "amoCRM", "actuals:write"));
    }

    [Fact]
    public async Task Posted_events_are_counted_as_accepted_duplicated_or_rejected()
    {
        var caller = await IntegrationAsync();
        var before = IngestedEvents();

        var posted = await Host.PostEventsAsync(caller, Event("t1", "L1"), Event("t2", "L2"));
        var again = await Host.PostEventsAsync(caller, Event("t1", "L1"), Event("t2", "L2"));
        var invalid = await Host.PostEventsAsync(caller, ActualsScenarios.Event("t3", "lead.vanished", "2026-11-10T10:00:00+03:00", "L3"));

        Assert.Equal((2, 2, 1), (posted.Accepted, again.Duplicates, invalid.RejectedCount));
        var after = IngestedEvents();
        Assert.Equal(2, after["accepted"] - before["accepted"]);
        Assert.Equal(2, after["duplicated"] - before["duplicated"]);
        Assert.Equal(1, after["rejected"] - before["rejected"]);
    }

    [Fact]
    public async Task A_request_is_a_server_span_over_its_sql_and_a_duration_by_route()
    {
        var caller = await IntegrationAsync();
        var durationsBefore = RequestDurations(EventsRoute, 200);
        fixture.Spans.Clear();
        var trace = ActivityTraceId.CreateRandom();

        await Host.Scenario(s =>
        {
            caller.Apply(s).Post.Json(new { events = new[] { Event("r1", "L1") } }).ToUrl(EventsRoute);
            s.WithRequestHeader("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        });

        // The server span ends, and the request's duration is recorded, as the request ends: just after its answer arrived.
        var spans = await EventuallyAsync(() => fixture.Spans.Where(s => s.TraceId == trace).ToList(),
            found => found.Any(s => s.Kind == ActivityKind.Server));
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(EventsRoute, server.GetTagItem("http.route"));
        var sql = spans.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(sql, s => s.DisplayName == "COPY FROM");
        Assert.All(sql, s => Assert.Equal(server.SpanId, s.ParentSpanId));
        var durations = await EventuallyAsync(() => RequestDurations(EventsRoute, 200), count => count > durationsBefore);
        Assert.Equal(durationsBefore + 1, durations);
    }

    [Fact]
    public async Task Sql_gets_a_span_only_inside_a_recorded_one()
    {
        // The fixture's sampler records every span it is offered, whatever its parent: what decides is the data source's filter.
        await using var dataSource = DatabaseSetup.CreateDataSource(fixture.Database.PooledApplicationConnectionString());

        async Task<ActivitySpanId> SqlWithinAsync(ActivityTraceFlags flags)
        {
            // A root, as ASP.NET Core starts a request's span when the sampler drops it: for the logs' TraceId, not recorded.
            Activity.Current = null;
            using var span = new Activity("request") { ActivityTraceFlags = flags }.Start();
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select 1"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select 2"));
            await batch.ExecuteNonQueryAsync();
            await using var command = dataSource.CreateCommand("select 3");
            await command.ExecuteNonQueryAsync();
            return span.SpanId;
        }
        var unrecorded = await SqlWithinAsync(ActivityTraceFlags.None);
        var recorded = await SqlWithinAsync(ActivityTraceFlags.Recorded);

        // Statements' spans only: opening a connection has a span of its own, which the filters do not govern.
        IEnumerable<string> StatementsUnder(ActivitySpanId parent) =>
            fixture.Spans.Where(s => s.ParentSpanId == parent).Select(s => s.GetTagItem("db.query.text")).OfType<string>();
        Assert.Empty(StatementsUnder(unrecorded));
        Assert.Equal(["select 1;\nselect 2".ReplaceLineEndings(), "select 3"], StatementsUnder(recorded).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_calculation_job_records_its_duration_and_a_span_over_its_sql()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Http.Client(tenant);
        var before = CalculationDurations("succeeded");
        fixture.Spans.Clear();

        var job = await Calculations.RunAsync(client, "2026-11");

        Assert.Equal("succeeded", job.Status);
        // The job's status is written before its duration is recorded and its span ends.
        var span = await EventuallyAsync(() => JobSpan(tenant), found => found is not null);
        Assert.NotNull(span);
        Assert.Equal(job.Id, span.GetTagItem("saas.calculation.job.id"));
        Assert.Contains(fixture.Spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == span.SpanId);
        Assert.Equal(before + 1, CalculationDurations("succeeded"));
    }

    [Fact]
    public async Task The_lead_facts_backlog_is_the_count_of_the_refreshers_last_round()
    {
        var caller = await IntegrationAsync();
        var refresher = fixture.Service<LeadFactsRefresher>();
        await refresher.RefreshPendingAsync(CancellationToken.None);
        var before = Backlog();

        await Host.PostEventsAsync(caller, Event("b1", "L1"));
        await Host.PostEventsAsync(caller, Event("b2", "L2"));
        // Reading the gauge asks the database nothing: it says what the last round counted.
        Assert.Equal(before, Backlog());
        await refresher.RefreshPendingAsync(CancellationToken.None);

        Assert.Equal(before + 2, Backlog());
    }

    /// <summary>Reads until <paramref name="done"/> holds, for at most ten seconds; the assertions then say what must hold.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var value = read();
        for (var attempt = 0; attempt < 100 && !done(value); attempt++)
        {
            await Task.Delay(100);
            value = read();
        }
        return value;
    }

    private Activity? JobSpan(Guid tenant) =>
        fixture.Spans.SingleOrDefault(s => s.OperationName == "calculation.job" && Equals(s.GetTagItem("saas.tenant.id"), tenant));

    /// <summary>The metric's points as exported now (cumulative since the API started).</summary>
    private IReadOnlyList<MetricPoint> Points(string metric)
    {
        fixture.Metrics.Clear();
        fixture.Service<MeterProvider>().ForceFlush();
        return fixture.Metrics.Where(m => m.Name == metric).SelectMany(m => m.MetricPoints).ToList();
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key)
                return tag.Value;
        return null;
    }

    private Dictionary<string, long> IngestedEvents()
    {
        var points = Points("saas.ingestion.events");
        return new[] { "accepted", "duplicated", "rejected" }.ToDictionary(outcome => outcome,
            outcome => points.Where(p => Equals(Tag(p, "saas.ingestion.outcome"), outcome)).Sum(p => p.GetSumLong()));
    }

    private long RequestDurations(string route, int status) =>
        Points("http.server.request.duration")
            .Where(p => Equals(Tag(p, "http.route"), route) && Equals(Tag(p, "http.request.method"), "POST")
                        && Convert.ToInt32(Tag(p, "http.response.status_code"), System.Globalization.CultureInfo.InvariantCulture) == status)
            .Sum(p => p.GetHistogramCount());

    private long CalculationDurations(string outcome) =>
        Points("saas.calculation.duration").Where(p => Equals(Tag(p, "saas.calculation.outcome"), outcome)).Sum(p => p.GetHistogramCount());

    private long Backlog() => Points("saas.lead_facts.backlog").Single().GetGaugeLastValueLong();
}

/// <summary>An API given an OTLP endpoint as a deployment would, by OTEL_* variables alone; the endpoint is a collector on
/// loopback that counts the exports it receives by signal.</summary>
public sealed class OtlpFixture : ApiFixture
{
    private WebApplication _collector = null!;
    private string _endpoint = "";

    public ConcurrentDictionary<string, int> Exports { get; } = new();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", (string signal) =>
        {
            Exports.AddOrUpdate(signal, 1, (_, count) => count + 1);
            return Results.Ok();
        });
        await _collector.StartAsync();
        _endpoint = _collector.Urls.Single();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _collector.DisposeAsync();
    }
}

public class OtlpExportTests(OtlpFixture fixture) : IClassFixture<OtlpFixture>
{
    [Fact]
    public async Task An_otlp_endpoint_in_the_environment_receives_the_traces_and_metrics()
    {
        await fixture.Host.Scenario(s => s.Get.Url("/.well-known/openid-configuration"));

        fixture.Service<TracerProvider>().ForceFlush();
        fixture.Service<MeterProvider>().ForceFlush();

        Assert.True(fixture.Exports.GetValueOrDefault("traces") > 0, "No traces were exported.");
        Assert.True(fixture.Exports.GetValueOrDefault("metrics") > 0, "No metrics were exported.");
    }
}
