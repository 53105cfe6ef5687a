using FastEndpoints;
using FluentValidation;
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

    /// <summary>The period asked for, or the month that is current in the tenant's time zone.</summary>
    public async Task<Period> PeriodAsync(UnitOfWork work, TimeProvider clock)
    {
        if (Period is not null)
            return Engine.Common.Period.Parse(Period);
        var zone = await work.QuerySingleAsync<string>("select time_zone from tenants where id = @TenantId", new { work.TenantId });
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone));
        return Engine.Common.Period.MonthOf(DateOnly.FromDateTime(today.DateTime));
    }
}

public sealed class ProgressRequestValidator : Validator<ProgressRequest>
{
    public ProgressRequestValidator() =>
        RuleFor(r => r.Period).Must(period => Engine.Common.Period.TryParse(period, out _)).When(r => r.Period is not null)
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period");
}
