using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Plans.ReviewPlan;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;
using Saas.Engine.Text;

namespace Saas.Api.Features.Assistant.StartConversation;

/// <summary>Starts a conversation with its first message. The assistant answers with what it understood, what it still
/// needs (one question at a time) and, once the team is known, a proposal: the generator's plan with its rationale,
/// funnel math, warnings and cost at 80/100/120 %. With <c>review</c>, it starts from an existing plan instead: the review's
/// findings and numbered proposals, which the next messages take or drop, and accepting stores the revised draft.</summary>
public sealed class Endpoint(TenantDb db, MessageReader reader, IOptions<AssistantOptions> assistant) : Endpoint<Request, ConversationResponse>
{
    public override void Configure()
    {
        Post("conversations");
        Group<AssistantGroup>();
        Description(route => route.WithName("StartConversation")
            .Produces<ConversationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge));
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
        AssistantTenant tenant;
        ConversationState state;
        string message;
        await using (var read = await db.BeginAsync(cancellationToken))
        {
            tenant = await AssistantTenant.OfAsync(read);
            if (request.Review is { } asked)
            {
                var (found, review, problem) = await PlanReviews.RunAsync(read, asked.PlanId!.Value, asked.Period!, asked.Subjects!, "review.", cancellationToken);
                if (problem is not null)
                {
                    await Send.ResultAsync(problem);
                    return;
                }
                var language = Languages.FromLocale(found!.Locale);
                message = string.IsNullOrWhiteSpace(request.Message)
                    ? ConversationEngine.ReviewOpening(language, found.Plan.Name, found.Period.ToString())
                    : request.Message;
                state = ConversationEngine.BeginReview(language, tenant.Currency, tenant.Today, found.Plan.Id, found.Document, review!);
            }
            else
            {
                message = request.Message!;
                state = ConversationEngine.Begin(message, tenant.Currency, tenant.Today);
            }
        }

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
