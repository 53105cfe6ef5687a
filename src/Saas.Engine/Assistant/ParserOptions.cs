namespace Saas.Engine.Assistant;

/// <summary>Limits of <see cref="TeamDescriptionParser"/>.</summary>
public sealed record ParserOptions
{
    public static ParserOptions Default { get; } = new();

    /// <summary>Longer input is not parsed at all: the result is empty with one <c>too_long</c> fragment. A team and
    /// its goals fit in a few sentences; the limit keeps the cost of a request bounded whatever is posted.
    /// Negative values count as 0.</summary>
    public int MaxLength { get; init; } = 4000;
}
