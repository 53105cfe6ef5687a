using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Saas.Api.Features.Assistant;

public static class AssistantModel
{
    /// <summary>An <see cref="IChatClient"/> for the OpenAI-compatible endpoint in <c>Assistant:Model</c>, when one is set;
    /// nothing otherwise, and <see cref="MessageReader"/> then reads with the rules alone. Nothing is called at start-up, so
    /// the API builds, starts and passes its tests without a network.</summary>
    public static IServiceCollection AddAssistantModel(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(AssistantOptions.Section).Get<AssistantOptions>()?.Model ?? new ModelOptions();
        if (!settings.Enabled)
            return services;
        if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Assistant:Model:Endpoint must be an absolute http(s) URL such as https://api.openai.com/v1, not '{settings.Endpoint}'.");
        if (settings.Timeout <= TimeSpan.Zero || settings.Timeout > TimeSpan.FromMinutes(1))
            throw new InvalidOperationException("Assistant:Model:Timeout must be above zero and at most a minute: a message waits that long for the model.");
        services.AddSingleton(new OpenAI.Chat.ChatClient(settings.Name, new ApiKeyCredential(settings.ApiKey ?? "none"),
            new OpenAIClientOptions { Endpoint = endpoint }).AsIChatClient());
        return services;
    }
}
