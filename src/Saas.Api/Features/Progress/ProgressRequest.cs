using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Progress;

public sealed class ProgressRequest
{
    /// <summary>The pay period: a month (2026-12) or a quarter (2026-Q4, for quarterly plans); the current month in the tenant's
    /// time zone when absent.</summary>
    [QueryParam]
    public string? Period { get; init; }

    public const string OutOfRange = "'period' must have started, and ended at most 12 months ago: progress reads a period's events as they are now.";

    /// <summary>The period asked for, or the month that is current in the tenant's time zone; a problem for a period that has not
    /// started or ended more than a year ago (each period asked for is a reading of the tenant's events: they are bounded).</summary>
    public async Task<(Period Period, ProblemHttpResult? Problem)> PeriodAsync(UnitOfWork work, TimeProvider clock)
    {
        var zone = await work.QuerySingleAsync<string>("select time_zone from tenants where id = @TenantId", new { work.TenantId });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        if (Period is null)
            return (Engine.Common.Period.MonthOf(today), null);
        var period = Engine.Common.Period.Parse(Period);
        return period.Start <= today && period.EndExclusive > today.AddMonths(-12)
            ? (period, null)
            : (period, Problems.Validation("period", OutOfRange, "Period"));
    }
}

public sealed class ProgressRequestValidator : Validator<ProgressRequest>
{
    public ProgressRequestValidator() =>
        RuleFor(r => r.Period).Must(period => Engine.Common.Period.TryParse(period, out _)).When(r => r.Period is not null)
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period");
}
