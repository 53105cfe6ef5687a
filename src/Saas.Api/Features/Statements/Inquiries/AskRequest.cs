using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Statements.Inquiries;

/// <summary>The body of <c>AskAboutStatement</c>. It lives here, not in the use case's folder, because its schema id
/// (<c>InquiriesAskRequest</c>, from the namespace) is part of the contract.</summary>
public sealed class AskRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The line asked about, if one.</summary>
    public string? ComponentId { get; init; }

    public string? Message { get; init; }
}

public sealed class AskValidator : Validator<AskRequest>
{
    public AskValidator()
    {
        RuleFor(r => r.Message).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.ComponentId).MaximumLength(100);
    }
}
