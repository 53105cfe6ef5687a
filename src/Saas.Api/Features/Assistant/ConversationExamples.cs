using Saas.Engine.Conversation;

namespace Saas.Api.Features.Assistant;

/// <summary>The OpenAPI examples of the conversation resources, computed by the engine itself from the seed example, so that
/// they show what the API really answers (a fixed day stands in for "today").</summary>
public static class ConversationExamples
{
    public const string Seed = "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.";
    public const string Refinement = "подними переменную часть менеджерам по продажам до 50%";

    private static readonly DateOnly Today = new(2026, 12, 5);

    private static readonly Lazy<(ConversationResponse Started, ConversationResponse Refined)> Computed = new(Compute);

    public static ConversationResponse Started => Computed.Value.Started;

    public static ConversationResponse Refined => Computed.Value.Refined;

    private static (ConversationResponse, ConversationResponse) Compute()
    {
        var at = new DateTimeOffset(Today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        var conversation = new Conversation { Id = Guid.Parse("01a24600-0000-7000-8000-000000000001"), Title = Conversation.TitleOf(Seed), CreatedAt = at, Version = 1 };
        var first = ConversationEngine.Reply(ConversationEngine.Begin(Seed, "RUB", Today), IntentReader.Read(Seed, null, Today));
        conversation.Append(Seed, first, MessageReader.Rules, at);
        var started = ConversationResponse.Of(conversation, first.State, first.Proposal);

        var second = ConversationEngine.Reply(first.State, IntentReader.Read(Refinement, ConversationEngine.Question(first.State), Today));
        conversation.Append(Refinement, second, MessageReader.Rules, at.AddMinutes(2));
        conversation.Version = 2;
        return (started, ConversationResponse.Of(conversation, second.State, second.Proposal));
    }
}
