using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Assistant;

/// <summary>Text the assistant is given to read, wherever it comes from (a parse, a team's description, a plan to generate).</summary>
public static class AssistantText
{
    /// <summary>413 for text longer than the assistant reads; null when it fits.</summary>
    public static ProblemHttpResult? TooLong(string? text, AssistantOptions options) =>
        text is not null && text.Length > options.MaxTextLength
            ? Problems.Of(ProblemTypes.PayloadTooLarge,
                $"The text has {text.Length} characters; the assistant reads at most {options.MaxTextLength}. Shorten it to the team and its goals.")
            : null;
}
