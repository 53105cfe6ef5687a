using Saas.Engine.Conversation;

namespace Saas.Engine.Tests.Conversation;

/// <summary>Runs a conversation through the rule reader, message by message, as the API does.</summary>
internal sealed class ConversationKit
{
    public static readonly DateOnly Today = new(2026, 12, 5);

    public ConversationKit(string first, string currency = "RUB")
    {
        State = ConversationEngine.Begin(first, currency, Today);
        Say(first);
    }

    public ConversationState State { get; private set; }

    public ConversationTurn Last { get; private set; } = null!;

    public ConversationTurn Say(string message)
    {
        var reading = IntentReader.Read(message, ConversationEngine.Question(State), Today);
        Last = ConversationEngine.Reply(State, reading);
        State = Last.State;
        return Last;
    }
}
