using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Reports;

/// <summary>The query parameters every report takes, with one wording for their errors.</summary>
public static class ReportRules
{
    /// <summary>A month (2026-12) or a quarter (2026-Q4); required.</summary>
    public static IRuleBuilderOptions<T, string?> IsPeriod<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(period => Period.TryParse(period, out _)).WithMessage(PeriodParameter.Message).WithErrorCode("Period");

    /// <summary>One of the report's groupings, when given.</summary>
    public static IRuleBuilderOptions<T, string?> IsGrouping<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> groupings) =>
        rule.Must(groupBy => groupBy is null || groupings.Contains(groupBy))
            .WithMessage($"'groupBy' must be one of {string.Join(", ", groupings)}.").WithErrorCode("Must");
}
