using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;

namespace Saas.Api.Features.Assistant.PostMessage;

/// <summary>The company answers a question, tells more, or refines the proposal in words; the assistant replies with what
/// changed in the proposal, by component, and why, and says plainly what it did not understand or could not do. The message
/// is read before the conversation is locked (a language model may take seconds); if another message was answered
/// meanwhile, this one is refused with 409 rather than answered against a state it was not read for.</summary>
public sealed class Endpoint(TenantDb db, MessageReader reader, IOptions<AssistantOptions> assistant) : Endpoint<Request, ConversationResponse>
{
    public override void Configure()
    {
        Post("conversations/{id:guid}/messages");
        Group<AssistantGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Description(route => route.WithName("PostConversationMessage")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(summary =>
        {
            summary.Summary = "Answer the assistant or refine its proposal in words";
            summary.ExampleRequest = new Request { Message = ConversationExamples.Refinement };
            summary.ResponseExamples[StatusCodes.Status200OK] = ConversationExamples.Refined;
        });
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (AssistantText.TooLong(request.Message, assistant.Value) is { } tooLong)
        {
            await Send.ResultAsync(tooLong);
            return;
        }
        var message = request.Message!;
        Conversation? read;
        AssistantTenant tenant;
        await using (var before = await db.BeginAsync(cancellationToken))
        {
            read = await before.Documents.LoadAsync<Conversation>(request.Id, cancellationToken);
            tenant = await AssistantTenant.OfAsync(before);
        }
        if (Refusal(read, request.Id) is { } refusal)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (reading, readBy) = await reader.ReadAsync(message, ConversationEngine.Question(read!.ReadState()), tenant.Today, cancellationToken);

        await using var work = await db.BeginAsync(cancellationToken);
        await Conversation.LockAsync(work, request.Id);
        var conversation = await work.Documents.LoadAsync<Conversation>(request.Id, cancellationToken);
        if (Refusal(conversation, request.Id) is { } late)
        {
            await Send.ResultAsync(late);
            return;
        }
        if (conversation!.Version != read.Version)
        {
            await Send.ResultAsync(Conversation.Conflict("changed", "Another message was answered while this one was being read; send it again."));
            return;
        }
        var turn = ConversationEngine.Reply(ConversationEngine.On(conversation.ReadState(), tenant.Today), reading);
        conversation.Append(message, turn, readBy, DateTimeOffset.UtcNow);
        work.Documents.UpdateRevision(conversation, conversation.Version + 1);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(conversation.Version);
        await Send.OkAsync(ConversationResponse.Of(conversation, turn.State, turn.Proposal), cancellationToken);
    }

    private ProblemHttpResult? Refusal(Conversation? conversation, Guid id) =>
        conversation is null ? Problems.NotFound("conversation", id)
        : IfMatchVersion.Stale(HttpContext, conversation.Version) is { } stale ? stale
        : conversation.Status != Conversation.Open ? Conversation.Conflict("accepted", "The conversation was accepted; start a new one to change the plan.")
        : conversation.Messages.Count + 2 > Conversation.MaxMessages
            ? Conversation.Conflict("full", $"The conversation has {conversation.Messages.Count} messages, the most one keeps; accept it or start a new one.")
        : null;
}
