namespace Saas.Api.Features.Assistant;

public sealed class AssistantOptions
{
    public const string Section = "Assistant";

    public const int DefaultMaxLength = 4000;

    /// <summary>The longest description the assistant reads, in characters; longer text is refused with 413.</summary>
    public int MaxTextLength { get; set; } = DefaultMaxLength;
}
