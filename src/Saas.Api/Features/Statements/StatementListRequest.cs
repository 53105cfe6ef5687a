using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Statements;

/// <summary>The filters that <c>ListStatements</c> and <c>ListMyStatements</c> share; their requests derive from it and their
/// validators include <see cref="StatementListRequestValidator"/>.</summary>
public class StatementListRequest : PageRequest
{
    /// <summary>Only statements of this pay period: a month (2026-12) or a quarter (2026-Q4).</summary>
    [QueryParam]
    public string? Period { get; init; }

    /// <summary>Only statements in this state: draft, approved or superseded.</summary>
    [QueryParam]
    [DocumentedValues("draft", "approved", "superseded")]
    public string? Status { get; init; }

    /// <summary>latest (the default): the latest revision per employee and period; all: every revision.</summary>
    [QueryParam]
    public string? Revisions { get; init; }

    /// <summary>A period's latest statements and no other filter of this request: the list takes its compiled page
    /// (<see cref="PeriodPage"/>). A filter added above belongs here too, or that page would answer it unfiltered.</summary>
    public bool NamesOnlyAPeriod() => this is { Revisions: not "all", Period: not null, Status: null };
}

public sealed class StatementListRequestValidator : AbstractValidator<StatementListRequest>
{
    public StatementListRequestValidator()
    {
        Include(new PageRequestValidator());
        RuleFor(r => r.Period).Must(period => Engine.Common.Period.TryParse(period, out _)).When(r => r.Period is not null)
            .WithMessage(PeriodParameter.Message).WithErrorCode("Period");
        RuleFor(r => r.Status).Must(status => status is "draft" or "approved" or "superseded").When(r => r.Status is not null)
            .WithMessage("'status' must be draft, approved or superseded.").WithErrorCode("Must");
        RuleFor(r => r.Revisions).Must(revisions => revisions is "latest" or "all").When(r => r.Revisions is not null)
            .WithMessage("'revisions' must be latest or all.").WithErrorCode("Must");
    }
}
