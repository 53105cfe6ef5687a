using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Assistant.ParseText;

public sealed class Request
{
    /// <summary>A team and its goals in Russian or English; an empty text is read as nothing.</summary>
    public string? Text { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Text).NotNull();
}
