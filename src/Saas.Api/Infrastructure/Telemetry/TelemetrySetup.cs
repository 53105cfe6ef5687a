using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Saas.Api.Infrastructure.Telemetry;

/// <summary>Traces and metrics by OpenTelemetry, set only by the standard <c>OTEL_*</c> variables (service name, resource
/// attributes, OTLP endpoint, protocol and headers are read by the SDK itself). The providers are always there, so that a test
/// can attach its own exporter; OTLP is added for a signal only when asked for (<see cref="Exports"/>), and traces are
/// sampled only then.</summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SaasMetrics>();
        services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(SaasTraces.Name)
                    // Probes call every few seconds; their spans would bury the requests someone looks for.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (Exports(configuration, "TRACES"))
                    tracing.AddOtlpExporter();
                else
                    // Spans that go nowhere are not worth recording: the request's Activity still exists (ASP.NET Core makes one
                    // for the logs' TraceId), but neither it nor the SQL commands' spans are filled in. A test that attaches an
                    // exporter samples again.
                    tracing.SetSampler(new AlwaysOffSampler());
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SaasMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (Exports(configuration, "METRICS"))
                    metrics.AddOtlpExporter();
            });
        return services;
    }

    /// <summary>OTLP for a signal when <c>OTEL_{signal}_EXPORTER</c> names <c>otlp</c>, or names nothing and an OTLP endpoint
    /// is set. The specification's default (OTLP to localhost) would send to nothing on a machine where nobody asked for it.</summary>
    private static bool Exports(IConfiguration configuration, string signal) =>
        configuration[$"OTEL_{signal}_EXPORTER"] is { Length: > 0 } exporters
            ? exporters.Split(',', StringSplitOptions.TrimEntries).Contains("otlp")
            : !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
              || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
}
