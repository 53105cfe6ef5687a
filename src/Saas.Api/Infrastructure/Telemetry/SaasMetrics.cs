using System.Diagnostics.Metrics;

namespace Saas.Api.Infrastructure.Telemetry;

/// <summary>The product's own instruments (meter <c>Saas.Api</c>): what a platform team alerts on beside what ASP.NET Core,
/// HttpClient, Npgsql and the runtime record themselves (requests by route and status are ASP.NET Core's
/// <c>http.server.request.duration</c>). Measurements carry no tenant: a tag per tenant would make a time series per tenant.</summary>
public sealed class SaasMetrics
{
    public const string MeterName = SaasTraces.Name;

    private readonly Counter<long> _ingestedEvents;
    private readonly Histogram<double> _calculationDuration;
    private readonly Counter<long> _calculationFailures;
    private readonly Counter<long> _slaBreaches;
    private readonly Counter<long> _webhookFailures;

    // -1 until the refresher's first round has counted.
    private int _leadFactsBacklog = -1;

    public SaasMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ingestedEvents = meter.CreateCounter<long>("saas.ingestion.events", "{event}",
            "Events received for ingestion, by saas.ingestion.outcome: accepted (stored), duplicated (stored before), rejected (invalid).");
        _calculationDuration = meter.CreateHistogram("saas.calculation.duration", "s",
            "How long statement calculation jobs ran, by saas.calculation.outcome (succeeded, failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] });
        _calculationFailures = meter.CreateCounter<long>("saas.calculation.failures", "{job}",
            "Statement calculation jobs that failed, by error.type.");
        _slaBreaches = meter.CreateCounter<long>("saas.sla.breaches", "{breach}",
            "First-response SLA breaches announced (sla.breached written to the outbox).");
        _webhookFailures = meter.CreateCounter<long>("saas.webhook.delivery.failures", "{attempt}",
            "Webhook delivery attempts that failed, by error.type (the status code, timeout or the request error) and "
            + "saas.webhook.delivery.status (pending: tried again later; failed: given up).");
        meter.CreateObservableGauge("saas.lead_facts.backlog", ObserveLeadFactsBacklog, "{import}",
            "Imports whose lead facts wait to be rebuilt, as this instance's refresher counted them in its last round.");
    }

    public void EventsIngested(int accepted, int duplicated, int rejected)
    {
        Add(_ingestedEvents, accepted, "accepted");
        Add(_ingestedEvents, duplicated, "duplicated");
        Add(_ingestedEvents, rejected, "rejected");

        static void Add(Counter<long> counter, int events, string outcome)
        {
            if (events > 0)
                counter.Add(events, new KeyValuePair<string, object?>("saas.ingestion.outcome", outcome));
        }
    }

    public void CalculationSucceeded(TimeSpan elapsed) =>
        _calculationDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("saas.calculation.outcome", "succeeded"));

    public void CalculationFailed(TimeSpan elapsed, Exception exception)
    {
        _calculationDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("saas.calculation.outcome", "failed"));
        _calculationFailures.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().FullName));
    }

    public void SlaBreachesAnnounced(int breaches)
    {
        if (breaches > 0)
            _slaBreaches.Add(breaches);
    }

    public void WebhookAttemptFailed(string errorType, string deliveryStatus) =>
        _webhookFailures.Add(1, new KeyValuePair<string, object?>("error.type", errorType),
            new KeyValuePair<string, object?>("saas.webhook.delivery.status", deliveryStatus));

    /// <summary>What the lead-facts refresher counted at the start of a round; the gauge reports it rather than asking the
    /// database each time it is read.</summary>
    public void LeadFactsBacklogCounted(int imports) => Volatile.Write(ref _leadFactsBacklog, imports);

    private IEnumerable<Measurement<int>> ObserveLeadFactsBacklog()
    {
        var imports = Volatile.Read(ref _leadFactsBacklog);
        return imports < 0 ? [] : [new Measurement<int>(imports)];
    }
}
