using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Features.Assistant;

namespace Saas.Api.Tests.Features.Assistant;

/// <summary>The language model is configured or not at start-up, and a setting it cannot use stops the start with a message
/// that names it, rather than failing at the first conversation.</summary>
public class AssistantModelTests
{
    private static IServiceCollection Configure(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddAssistantModel(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Without_an_endpoint_there_is_no_model_and_nothing_is_called()
    {
        Assert.DoesNotContain(Configure([]), d => d.ServiceType == typeof(IChatClient));
        Assert.DoesNotContain(Configure(new() { ["Assistant:Model:Name"] = "gpt-4o-mini" }), d => d.ServiceType == typeof(IChatClient));
    }

    [Fact]
    public void An_endpoint_and_a_model_name_make_an_openai_compatible_client()
    {
        var services = Configure(new() { ["Assistant:Model:Endpoint"] = "http://localhost:11434/v1", ["Assistant:Model:Name"] = "qwen2.5" });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        Assert.Equal("qwen2.5", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal(new Uri("http://localhost:11434/v1"), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Theory]
    [InlineData("Endpoint", "not a url")]
    [InlineData("Endpoint", "ftp://models.example.com/v1")]
    [InlineData("Timeout", "00:05:00")]
    [InlineData("Timeout", "-00:00:01")]
    public void A_setting_the_model_cannot_use_stops_the_start(string setting, string value)
    {
        var settings = new Dictionary<string, string?> { ["Assistant:Model:Endpoint"] = "https://api.example.com/v1", ["Assistant:Model:Name"] = "m" };
        settings[$"Assistant:Model:{setting}"] = value;
        var error = Assert.Throws<InvalidOperationException>(() => Configure(settings));
        Assert.Contains($"Assistant:Model:{setting}", error.Message);
    }
}
