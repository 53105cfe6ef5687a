using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Statements.Inquiries;

/// <summary>The body of <c>ReplyToInquiry</c>. It lives here, not in the use case's folder, because its schema id
/// (<c>InquiriesReplyRequest</c>, from the namespace) is part of the contract.</summary>
public sealed class ReplyRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [RouteParam]
    public Guid InquiryId { get; init; }

    public string? Message { get; init; }
}

public sealed class ReplyValidator : Validator<ReplyRequest>
{
    public ReplyValidator() => RuleFor(r => r.Message).NotEmpty().MaximumLength(4000);
}
