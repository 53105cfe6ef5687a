using System.Text.Json;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Conversation;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Api.Features.Assistant;

/// <summary>A conversation as the API answers it: the whole history, what the assistant understood (each fact with the
/// message and words it came from), what is still missing (the first is the question asked), the last reply's changes to
/// the proposal, and the proposal itself once enough is known.</summary>
public sealed record ConversationResponse(
    Guid Id,
    [property: DocumentedValues(Conversation.Open, Conversation.Accepted)] string Status,
    Language Language,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<MessageResponse> Messages,
    Understood Understood,
    IReadOnlyList<Missing> Missing,
    string? Question,
    IReadOnlyList<ProposalChange> Changes,
    GeneratedPlan? Proposal,
    ReviewResponse? Review,
    Guid? PlanId,
    Guid? TeamId)
{
    public static ConversationResponse Of(Conversation conversation, ConversationState state, GeneratedPlan? proposal)
    {
        var missing = conversation.Status == Conversation.Open ? Questions.Of(state) : [];
        var messages = conversation.Messages.Select(MessageResponse.Of).ToList();
        return new ConversationResponse(conversation.Id, conversation.Status, state.Language, conversation.Version, conversation.CreatedAt, conversation.UpdatedAt,
            messages,
            Understood.Of(state),
            missing,
            missing.FirstOrDefault()?.Question,
            messages.LastOrDefault(m => m.Author == ConversationMessage.Assistant)?.Changes ?? [],
            proposal,
            state.Review is { } review ? ReviewResponse.Of(review) : null,
            conversation.PlanId,
            conversation.TeamId);
    }
}

/// <summary>A conversation about an existing plan: the review's findings, its proposals numbered from 1 with whether each is
/// accepted, and the plan as accepting would store it (<c>revised</c>).</summary>
public sealed record ReviewResponse(
    Guid PlanId,
    string Period,
    string NextPeriod,
    ProposalScope AppliesTo,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<NumberedProposal> Proposals,
    PlanDocument Revised)
{
    public static ReviewResponse Of(PlanReviewBasis basis) => new(basis.PlanId, basis.Review.Period, basis.Review.NextPeriod, basis.Review.AppliesTo,
        basis.Review.Findings,
        basis.Review.Proposals.Select((p, i) => new NumberedProposal(i + 1, basis.Accepted.Contains(i + 1), p)).ToList(),
        basis.Revised());
}

public sealed record NumberedProposal(int Number, bool Accepted, Proposal Proposal);

/// <summary>One message. The assistant's carry the changes its reply made to the proposal, what it did not understand
/// (with the words and why) and what it understood but did not do, and <c>reader</c>: <c>rules</c> or <c>model</c>.</summary>
public sealed record MessageResponse(
    [property: DocumentedValues(ConversationMessage.User, ConversationMessage.Assistant)] string Author,
    string Text,
    DateTimeOffset At,
    [property: DocumentedValues(MessageReader.Rules, MessageReader.Model)] string? Reader,
    IReadOnlyList<ProposalChange>? Changes,
    IReadOnlyList<NotUnderstood>? NotUnderstood,
    IReadOnlyList<string>? Refused)
{
    public static MessageResponse Of(ConversationMessage message) => new(message.Author, message.Text, message.At, message.Reader,
        message.Changes?.Deserialize<List<ProposalChange>>(PlanJson.Options),
        message.NotUnderstood?.Deserialize<List<NotUnderstood>>(PlanJson.Options),
        message.Refused);
}

/// <summary>What the assistant knows: the team (with salaries), the goals, the plan's months, the company's numbers
/// (budget, average deal), and the refinements asked for so far (variable shares, the lead generator's scheme, changes to KPIs).</summary>
public sealed record Understood(
    IReadOnlyList<RoleFact> Team,
    IReadOnlyList<GoalFact> Goals,
    IReadOnlyList<string> Periods,
    IReadOnlyList<NumberFact> Numbers,
    IReadOnlyList<RoleVariableShare> VariableShares,
    LeadGeneratorScheme? LeadGeneratorScheme,
    IReadOnlyList<PlanAdjustment> Adjustments,
    IReadOnlyList<string> Skipped)
{
    public static Understood Of(ConversationState state) =>
        new(state.Team, state.Goals, state.Periods(), state.Numbers, state.VariableShares, state.Scheme, state.Adjustments, state.Skipped);
}

/// <summary>A conversation in a list: no history and no proposal, which are read one conversation at a time.</summary>
public sealed record ConversationSummary(
    Guid Id,
    [property: DocumentedValues(Conversation.Open, Conversation.Accepted)] string Status,
    string Title,
    Guid? PlanId,
    Guid? TeamId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
