using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Conversation;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Assistant;

/// <summary>A conversation with the assistant, a Marten document: every message in order, and the engine's state after the
/// last one. The proposal is not stored; it is generated from the state whenever the conversation is read, so it always
/// follows the engine's rules. Accepting it stores the draft plan (and the team) and links them here.</summary>
public sealed class Conversation : IRevisioned
{
    public const string Open = "open";
    public const string Accepted = "accepted";

    /// <summary>Messages a conversation keeps, the assistant's included: a conversation that needs more has lost its thread,
    /// and a document without a bound would grow with every message.</summary>
    public const int MaxMessages = 200;

    public Guid Id { get; set; }

    public string Status { get; set; } = Open;

    /// <summary>The first message, shortened: what a list of conversations shows.</summary>
    public string Title { get; set; } = "";

    public List<ConversationMessage> Messages { get; set; } = [];

    /// <summary>The engine's <see cref="ConversationState"/> as <see cref="PlanJson"/> writes it, kept as JSON so that the
    /// documents' serializer does not write the engine's types by rules of its own.</summary>
    public JsonElement State { get; set; }

    public Guid? PlanId { get; set; }

    public Guid? TeamId { get; set; }

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load (see <see cref="Teams.Team.Version"/>).</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public ConversationState ReadState() =>
        State.Deserialize<ConversationState>(PlanJson.Options) ?? throw new JsonException("A conversation's state cannot be null.");

    public void WriteState(ConversationState state) => State = JsonSerializer.SerializeToElement(state, PlanJson.Options);

    /// <summary>The user's message and the assistant's reply to it, appended together.</summary>
    public void Append(string message, ConversationTurn turn, string reader, DateTimeOffset at)
    {
        Messages.Add(new ConversationMessage { Author = ConversationMessage.User, Text = message, At = at });
        Messages.Add(new ConversationMessage
        {
            Author = ConversationMessage.Assistant,
            Text = turn.Reply,
            At = at,
            Reader = reader,
            Changes = JsonSerializer.SerializeToElement(turn.Changes, PlanJson.Options),
            NotUnderstood = JsonSerializer.SerializeToElement(turn.NotUnderstood, PlanJson.Options),
            Refused = [.. turn.Refused],
        });
        WriteState(turn.State);
        UpdatedAt = at;
    }

    public const int MaxTitleLength = 120;

    /// <summary>A 409 about a conversation, with <c>reason</c> for a client to act on: <c>accepted</c> and <c>full</c> are final
    /// (start a new conversation), <c>changed</c> means another message was answered first (send this one again).</summary>
    public static ProblemHttpResult Conflict(string reason, string detail) =>
        Problems.Of(ProblemTypes.Conflict, detail, new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>The message on one line, cut to <see cref="MaxTitleLength"/>.</summary>
    public static string TitleOf(string message)
    {
        var line = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxTitleLength ? line : line[..(MaxTitleLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Messages to one conversation take turns: each reply is computed from the state the previous one left.</summary>
    public static Task LockAsync(UnitOfWork work, Guid id) => work.LockAsync($"conversation:{id}");
}

/// <summary>One message. The assistant's carry what its reply changed in the proposal and what it did not understand or do,
/// as the engine gave them (kept as JSON, like the state), and which reader understood the user (<c>rules</c> or <c>model</c>).</summary>
public sealed class ConversationMessage
{
    public const string User = "user";
    public const string Assistant = "assistant";

    public string Author { get; set; } = User;
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Reader { get; set; }
    public JsonElement? Changes { get; set; }
    public JsonElement? NotUnderstood { get; set; }
    public List<string>? Refused { get; set; }
}
