using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Health;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Api.Infrastructure.Telemetry;
using Saas.Api.Infrastructure.Tenancy;
using Saas.Api.Infrastructure.Workers;

namespace Saas.Api.Infrastructure;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The largest request body accepted unless an endpoint allows more (413 beyond it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

public static class InfrastructureSetup
{
    public static WebApplicationBuilder AddSaasInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var apiOptions = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = apiOptions.MaxRequestBodyBytes;
        });
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));
        // Development keeps the console logger's one-line text; elsewhere a JSON line a message, written in batches (ADR 0029).
        if (!builder.Environment.IsDevelopment())
            JsonLinesLoggerProvider.ReplaceConsoleLogger(builder.Logging);

        services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
        // Failures to read a request become exceptions that the problem handler turns into precise 4xx answers.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemResponses();
        Validation.UseJsonPropertyNames();

        services.AddForwardedHeadersFromKnownProxies(builder.Configuration);
        services.AddClientOriginsCors(builder.Configuration);
        services.AddHttpContextAccessor();
        services.AddSingleton<ClientGoneCanceller>();
        services.AddScoped<TenantContext>();
        services.AddSingleton<PlatformDb>();
        services.AddDatabase(builder.Configuration);
        services.AddDocuments();
        services.AddSaasAuth(builder.Configuration);
        services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
        services.AddSingleton<WorkerHeartbeats>();
        services.AddHealth();
        services.AddTelemetry(builder.Configuration);
        services.AddOpenApiDocument();
        services.AddSaasEndpoints();
        services.AddMapping();
        services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseSaasPipeline(this WebApplication app)
    {
        app.UseMiddleware<ClientGone>();
        app.UseForwardedHeadersFromKnownProxies();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOpenApiDocument();
        app.UseCors();
        app.UseMiddleware<ForgetLiveCallersAfterWrites>();
        app.UseMiddleware<OneCredential>();
        app.UseMiddleware<TokenServiceLimits>();
        app.UseMiddleware<UnreadableTokenServiceForms>();
        app.UseAuthentication();
        app.UseMiddleware<TenantLogScope>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<MissingContentType>();
        app.UseMiddleware<IdempotencyFilter>();
        app.UseAntiforgery();
        app.MapHealth();
        return app;
    }
}
