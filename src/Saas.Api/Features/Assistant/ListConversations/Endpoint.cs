using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Assistant.ListConversations;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<ConversationSummary>>
{
    public override void Configure()
    {
        Get("conversations");
        Group<AssistantGroup>();
        Description(route => route.WithName("ListConversations"));
        Summary(summary =>
        {
            summary.Summary = "List conversations with the assistant, in the order they were started";
            var example = ConversationExamples.Refined;
            summary.ResponseExamples[StatusCodes.Status200OK] = new Page<ConversationSummary>(
                [new ConversationSummary(example.Id, example.Status, Conversation.TitleOf(ConversationExamples.Seed), null, null, example.CreatedAt, example.UpdatedAt)], null);
        });
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var rows = (await db.QueryAsync(new SummaryPage { After = page.After ?? Guid.Empty, Take = page.Limit + 1 }, cancellationToken)).ToList();
        await Send.OkAsync(new Page<ConversationSummary>(rows.Take(page.Limit).ToList(), page.NextCursor(rows, c => c.Id)), cancellationToken);
    }
}
