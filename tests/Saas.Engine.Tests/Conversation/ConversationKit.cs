using System.Globalization;
using Saas.Engine.Common;
using Saas.Engine.Conversation;
using Saas.Engine.Plans;
using Saas.Engine.Tests.Generation;

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

    /// <summary>Seed 000 in Russian: two marketers, one SMM specialist, three sales managers; CR from 15 % to 20 % in 3 months.</summary>
    public const string SeedRu = "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.";

    public const string SeedEn = "We have two marketers, one SMM specialist and three sales managers. We want to raise CR from 15% to 20% in 3 months.";

    public ConversationState State { get; private set; }

    public ConversationTurn Last { get; private set; } = null!;

    public ConversationTurn Say(string message)
    {
        var reading = IntentReader.Read(message, ConversationEngine.Question(State), Today);
        Last = ConversationEngine.Reply(State, reading);
        State = Last.State;
        return Last;
    }

    /// <summary>The role's assignment in the last proposal.</summary>
    public Assignment Of(Role role) => Last.Proposal!.Document.Assignments.Single(a => a.Role == role);

    public IAttainmentTerms Terms(Role role, string component) => (IAttainmentTerms)Of(role).Components.Single(c => c.Id == component);

    /// <summary>The role's weighted components in a month, overrides applied, as "id=weight".</summary>
    public IReadOnlyList<string> Weights(Role role, string period) =>
        SeasonalOverrides.ForPeriod(Of(role), period).Components.OfType<IAttainmentTerms>().Select(c => $"{((Component)c).Id}={D(c.Weight)}").ToList();

    /// <summary>The last turn's changes as "role|component|change|field|period|before|after".</summary>
    public IReadOnlyList<string> Changes => Last.Changes.Select(Show).ToList();

    public static string Show(ProposalChange c) =>
        $"{c.Role?.WireName()}|{c.Component}|{c.Change}|{c.Field}|{c.Period}|{D(c.Before)}|{D(c.After)}";

    public static string D(decimal? value) => value?.ToString("0.########", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The last proposal passes the plan validator and its weights add up to 1 in every period.</summary>
    public void AssertSound() => GenKit.AssertSound(State.ToRequest(), Last.Proposal!);
}
