using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Assistant.PostMessage;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>An answer to the question asked, more facts, or a refinement of the proposal in words
    /// ("подними переменную часть продажникам до 50 %", "add CAC for the head of marketing", "почему SMM платят за CPL?").</summary>
    public string? Message { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Message).NotEmpty().WithMessage("'message' cannot be empty.");
}
