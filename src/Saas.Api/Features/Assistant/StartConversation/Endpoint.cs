using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;

namespace Saas.Api.Features.Assistant.StartConversation;

/// <summary>Starts a conversation with its first message. The assistant answers with what it understood, what it still
/// needs (one question at a time) and, once the team is known, a proposal: the generator's plan with its rationale,
/// funnel math, warnings and cost at 80/100/120 %.</summary>
public sealed class Endpoint(TenantDb db, MessageReader reader, IOptions<AssistantOptions> assistant) : Endpoint<Request, ConversationResponse>
{
    public override void Configure()
    {
        Post("conversations");
        Group<AssistantGroup>();
        Description(route => route.WithName("StartConversation")
            .Produces<ConversationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(summary =>
        {
            summary.Summary = "Start a conversation with the assistant about a team and its goals";
            summary.ExampleRequest = new Request { Message = ConversationExamples.Seed };
            summary.ResponseExamples[StatusCodes.Status201Created] = ConversationExamples.Started;
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
        ConversationTenant tenant;
        await using (var read = await db.BeginAsync(cancellationToken))
            tenant = await ConversationTenant.OfAsync(read);

        var state = ConversationEngine.Begin(message, tenant.Currency, tenant.Today);
        var (reading, readBy) = await reader.ReadAsync(message, null, tenant.Today, cancellationToken);
        var turn = ConversationEngine.Reply(state, reading);

        var now = DateTimeOffset.UtcNow;
        var conversation = new Conversation { Id = Guid.CreateVersion7(), Title = Conversation.TitleOf(message), CreatedAt = now };
        conversation.Append(message, turn, readBy, now);
        await using var work = await db.BeginAsync(cancellationToken);
        work.Documents.Insert(conversation);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(conversation.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/assistant/conversations/{conversation.Id}",
            ConversationResponse.Of(conversation, turn.State, turn.Proposal)));
    }
}
