using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Assistant.StartConversation;

public sealed class Request
{
    /// <summary>The first message, in Russian or English: the team, its goals, anything the company knows
    /// ("У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.").</summary>
    public string? Message { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Message).NotEmpty().WithMessage("'message' is the first message to the assistant; it cannot be empty.");
}
