using System.Diagnostics;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Identity;
using Saas.Api.Features.Progress;
using Saas.Api.Features.Reports;
using Saas.Api.Features.Sla;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Webhooks;

namespace Saas.Api.Features;

public static class FeatureServices
{
    /// <summary>Services that belong to a feature rather than to the plumbing.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SignInChoices>();
        services.AddSingleton<StatementCalculation>();
        services.AddOptions<CalculationOptions>().Bind(configuration.GetSection(CalculationOptions.Section))
            .Validate(o => o.StaleAfter >= TimeSpan.FromSeconds(1) && o.StaleAfter <= TimeSpan.FromMinutes(30),
                "Calculations:StaleAfter must be between one second and 30 minutes: a dead worker's job waits that long.")
            .ValidateOnStart();
        services.AddSingleton<CalculationWorker>();
        services.AddOptions<ProgressOptions>().Bind(configuration.GetSection(ProgressOptions.Section))
            .Validate(o => o.FreshFor >= TimeSpan.Zero && o.ServeStaleFor >= o.FreshFor && o.PreviousPeriodFreshFor >= TimeSpan.Zero && o.MaxSnapshots >= 1
                           && o.MilestoneInterval > TimeSpan.Zero,
                "Progress:FreshFor and Progress:PreviousPeriodFreshFor must not be negative, Progress:ServeStaleFor not shorter than FreshFor, "
                + "Progress:MaxSnapshots at least 1 and Progress:MilestoneInterval positive.")
            .ValidateOnStart();
        services.AddSingleton<ProgressSnapshots>();
        services.AddSingleton<ProgressMilestones>();
        services.AddHostedService(provider => provider.GetRequiredService<ProgressMilestones>());
        services.AddHostedService(provider => provider.GetRequiredService<CalculationWorker>());
        services.Configure<AssistantOptions>(configuration.GetSection(AssistantOptions.Section));
        services.AddSingleton<MessageReader>();
        services.AddAssistantModel(configuration);
        services.Configure<SlaWatchOptions>(configuration.GetSection(SlaWatchOptions.Section));
        services.AddHostedService<SlaWatch>();
        services.AddOptions<LeadFactsOptions>().Bind(configuration.GetSection(LeadFactsOptions.Section))
            .Validate(o => o.ImportsPerBatch is >= 1 and <= 1_000 && o.PollInterval > TimeSpan.Zero && o.SettleDelay >= TimeSpan.Zero,
                "LeadFacts:ImportsPerBatch must be between 1 and 1 000, LeadFacts:PollInterval positive and LeadFacts:SettleDelay not negative.")
            .ValidateOnStart();
        services.AddSingleton<LeadFactsRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<LeadFactsRefresher>());
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSecrets>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHttpClient(WebhookDispatcher.ClientName, (provider, client) =>
            {
                var timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout;
                client.Timeout = timeout < WebhookDispatcher.MaxRequestTimeout ? timeout : WebhookDispatcher.MaxRequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Saas-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var webhooks = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                    ConnectCallback = (context, cancellationToken) => WebhookTargets.ConnectAsync(context, webhooks, cancellationToken),
                    // A subscriber is outside the product: the delivery is traced here, but its trace id is none of the receiver's business.
                    ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
                };
            });
        return services;
    }
}
