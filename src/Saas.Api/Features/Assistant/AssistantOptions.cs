namespace Saas.Api.Features.Assistant;

public sealed class AssistantOptions
{
    public const string Section = "Assistant";

    public const int DefaultMaxLength = 4000;

    /// <summary>The longest description the assistant reads, in characters; longer text is refused with 413.</summary>
    public int MaxTextLength { get; set; } = DefaultMaxLength;

    /// <summary>An optional language model that reads conversation messages; off unless <see cref="ModelOptions.Endpoint"/> is set.</summary>
    public ModelOptions Model { get; set; } = new();
}

/// <summary>An OpenAI-compatible chat endpoint (hosted or self-hosted) that turns a message into the engine's intents. It
/// never decides anything: the rule-based reader answers whenever it is off, slow, failing or its output is not valid.</summary>
public sealed class ModelOptions
{
    /// <summary>The API's base address, e.g. <c>https://api.openai.com/v1</c> or a local server's <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The model's name at that endpoint.</summary>
    public string Name { get; set; } = "";

    /// <summary>How long a message waits for the model before the rule-based reader answers instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Name);
}
