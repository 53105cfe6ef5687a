using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;

namespace Saas.Api.Features.Assistant.GetConversation;

/// <summary>A conversation with its whole history. An open conversation's proposal is generated again from its state, so
/// it follows the engine's current rules; an accepted one has none: what it proposed is the draft plan <c>planId</c>.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<ConversationResponse>
{
    public override void Configure()
    {
        Get("conversations/{id:guid}");
        Group<AssistantGroup>();
        Description(route => route.WithName("GetConversation").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "Get a conversation with its history, what was understood and the proposal";
            summary.ResponseExamples[StatusCodes.Status200OK] = ConversationExamples.Refined;
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var batch = db.Batch();
        var found = batch.Load<Conversation>(id);
        var today = TenantToday.In(batch);
        await batch.ExecuteAsync(cancellationToken);
        var conversation = await found;
        if (conversation is null)
        {
            await Send.ResultAsync(Problems.NotFound("conversation", id));
            return;
        }
        var state = ConversationEngine.On(conversation.ReadState(), await today);
        var proposal = conversation.Status == Conversation.Open ? ConversationEngine.Propose(state) : null;

        HttpContext.Response.Headers.ETag = ETags.For(conversation.Version);
        await Send.OkAsync(ConversationResponse.Of(conversation, state, proposal), cancellationToken);
    }
}
