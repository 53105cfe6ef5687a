using FastEndpoints;
using FluentValidation;

namespace Saas.Api.Features.Assistant.AcceptConversation;

/// <summary>The team the plan is for: an existing one by <c>teamId</c>, or a new one made from the conversation's roles,
/// named <c>teamName</c> (a name with the plan's months when absent).</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    public Guid? TeamId { get; init; }

    public string? TeamName { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.TeamName).NotEmpty().MaximumLength(200).When(r => r.TeamName is not null);
        RuleFor(r => r).Must(r => r.TeamId is null || r.TeamName is null).OverridePropertyName("teamName")
            .WithMessage("Give either 'teamId' (an existing team) or 'teamName' (a new one), not both.");
    }
}

/// <summary>The draft plan made from the proposal and the team it is for; <c>teamCreated</c> says whether the team is new.
/// A plan review's draft is of the reviewed plan, and has no team of its own (<c>teamId</c> null).</summary>
public sealed record Response(Guid PlanId, Guid? TeamId, bool TeamCreated, ConversationResponse Conversation);
