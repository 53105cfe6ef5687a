using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Progress;

public sealed class ProgressRequest
{
    /// <summary>The pay period: a month (2026-12) or a quarter (2026-Q4, for quarterly plans). When absent, the current month in the
    /// tenant's time zone, or the current quarter when the plans in force for the employee (for a team, its members) pay by quarters
    /// only.</summary>
    [QueryParam]
    public string? Period { get; init; }

    public const string OutOfRange = "'period' must have started, and ended at most 12 months ago: progress reads a period's events as they are now.";

    /// <summary>What a progress request reads before it asks for the snapshot, in one unit of work it closes before that wait: what
    /// it is about (<paramref name="subject"/>, null when there is none), the period asked for (when absent,
    /// <see cref="RunningPeriods.Default"/> of the plans for the subject's <paramref name="people"/>) and the tenant; or the problem to
    /// answer for a period that has not started or ended more than a year ago (each period asked for is a reading of the tenant's
    /// events: they are bounded).</summary>
    public async Task<(T? Subject, Period Period, Guid TenantId, ProblemHttpResult? Invalid)> ReadAsync<T>(TenantDb db, ProgressSnapshots snapshots,
        Func<UnitOfWork, Task<T?>> subject, Func<UnitOfWork, T, Task<IReadOnlyCollection<Employee>>> people, CancellationToken cancellationToken)
        where T : class
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var today = await snapshots.TodayAsync(work);
        var found = await subject(work);
        var period = Period is null
            ? RunningPeriods.Default(await RunningPeriods.PaidAsync(work, today, found is null ? [] : await people(work, found), cancellationToken), today)
            : Engine.Common.Period.Parse(Period);
        var invalid = period.Start <= today && period.EndExclusive > today.AddMonths(-12) ? null : Problems.Validation("period", OutOfRange, "Period");
        return (found, period, work.TenantId, invalid);
    }

    /// <summary>The people of a request about one employee: that employee.</summary>
    public static Task<IReadOnlyCollection<Employee>> Alone(UnitOfWork work, Employee employee) => Task.FromResult<IReadOnlyCollection<Employee>>([employee]);
}

public sealed class ProgressRequestValidator : Validator<ProgressRequest>
{
    public ProgressRequestValidator() =>
        RuleFor(r => r.Period).Must(period => Engine.Common.Period.TryParse(period, out _)).When(r => r.Period is not null)
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period");
}
