using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;

namespace Saas.Api.Features.Statements;

/// <summary>The pay period a <c>/periods/{period}/…</c> use case acts on: a month (2026-12) or a quarter (2026-Q4).</summary>
public sealed class PeriodRequest
{
    [RouteParam]
    public string? Period { get; init; }

    /// <summary>The period that <see cref="PeriodRequestValidator"/> accepted. A method rather than a property, so that the
    /// request stays all path: no body is described or read.</summary>
    public Period ToPeriod() => Engine.Common.Period.Parse(Period!);
}

public sealed class PeriodRequestValidator : Validator<PeriodRequest>
{
    public PeriodRequestValidator() =>
        RuleFor(r => r.Period).Must(period => Engine.Common.Period.TryParse(period, out _)).WithMessage(PeriodParameter.Message).WithErrorCode("Period");
}
