using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Engine.Common;

namespace Saas.Api.Infrastructure.Http;

/// <summary>A pay period in a path or query (<c>2026-12</c>, <c>2026-Q4</c>), with one wording for its error.</summary>
public static class PeriodParameter
{
    public const string Message = "'period' must be a month (2026-12) or a quarter (2026-Q4).";

    /// <summary>Null when <paramref name="text"/> is a period; otherwise the validation problem to answer.</summary>
    public static ProblemHttpResult? Read(string? text, out Period period) =>
        Period.TryParse(text, out period) ? null : Problems.Validation("period", Message, "Period");
}
