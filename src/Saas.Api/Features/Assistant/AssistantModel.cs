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
        if (settings.Enabled)
            services.AddSingleton(new OpenAI.Chat.ChatClient(settings.Name, new ApiKeyCredential(settings.ApiKey ?? "none"),
                new OpenAIClientOptions { Endpoint = new Uri(settings.Endpoint!) }).AsIChatClient());
        return services;
    }
}
