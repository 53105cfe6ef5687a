using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Assistant.ListConversations;

/// <summary>A page of conversation summaries in id order (the order they were started), projected in the query: the history
/// and the state stay unread. Compiled, so that a request does not parse the projection again.</summary>
public sealed class SummaryPage : ICompiledListQuery<Conversation, ConversationSummary>
{
    public Guid After { get; init; }

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Conversation>, IEnumerable<ConversationSummary>>> QueryIs() =>
        conversations => conversations.Where(c => c.Id > After).OrderBy(c => c.Id).Take(Take)
            .Select(c => new ConversationSummary(c.Id, c.Status, c.Title, c.PlanId, c.TeamId, c.CreatedAt, c.UpdatedAt));
}
