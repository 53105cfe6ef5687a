using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Reports.BreachList;

/// <summary>The leads of a period (<c>period</c>) or of any days (<c>from</c>, <c>to</c>).</summary>
public sealed class Request : ReportRangeRequest
{
    /// <summary>Breaches per page, 1 to 200 (50 when left out).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new ReportRangeValidator());
        RuleFor(r => r.Limit).InclusiveBetween(1, PageQuery.MaxLimit).WithMessage($"'limit' must be between 1 and {PageQuery.MaxLimit}.");
        RuleFor(r => r.Cursor).Must(cursor => cursor is null || BreachCursor.TryDecode(cursor, out _))
            .WithMessage("'cursor' is not a cursor this API returned.").WithErrorCode("Cursor");
    }
}

public sealed record Response(IReadOnlyList<Breach> Items, string? NextCursor);

public sealed record Breach(string LeadId, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? FirstResponseAt, decimal OverdueMinutes,
    Guid? EmployeeId, string? Channel, string? Campaign, DateTimeOffset ClockStartedAt);
