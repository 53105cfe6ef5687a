using System.Text.Json;
using Microsoft.Extensions.AI;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Conversation;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Assistant;

/// <summary>What the language model is asked, and how its answer becomes intents. The answer must be JSON of
/// <see cref="ModelOutput"/> (its schema is sent as the response format); anything else is refused by the caller.</summary>
public static class ModelPrompt
{
    public static IReadOnlyList<ChatMessage> Messages(string message, Missing? question) =>
    [
        new(ChatRole.System, Instructions),
        new(ChatRole.User, question is null ? message : $"The assistant asked: {question.Question}\nThe user answered: {message}"),
    ];

    public static ChatOptions Options(ModelOptions settings) => new()
    {
        ModelId = settings.Name,
        Temperature = 0,
        ResponseFormat = ChatResponseFormat.ForJsonSchema<ModelOutput>(PlanJson.Options, "intents", "What the user's message asks for."),
    };

    /// <summary>The model's JSON as intents, each placed where its quote is in the message (the whole message when the quote
    /// is not found there). Throws <see cref="JsonException"/> when the JSON is not a <see cref="ModelOutput"/>.</summary>
    public static IntentReading Read(string json, string message)
    {
        var output = JsonSerializer.Deserialize<ModelOutput>(json, PlanJson.Options) ?? throw new JsonException("The model answered null.");
        if (output.Intents.Any(i => i is null) || output.NotUnderstood?.Any(q => q is null) == true)
            throw new JsonException("The model answered a null item.");
        var intents = output.Intents.Select(i => new Intent
        {
            Kind = i.Kind,
            Role = i.Role,
            Metric = i.Metric ?? i.Goal?.Metric,
            Count = i.Count,
            Value = i.Value,
            Change = i.Change,
            CalendarMonths = i.Months ?? [],
            Scheme = i.Scheme,
            Items = i.Items ?? [],
            Goal = i.Goal is { } goal && MetricCatalogue.TryGet(goal.Metric, out var metric)
                ? new Goal
                {
                    Metric = goal.Metric,
                    Direction = goal.Direction,
                    Unit = metric.Unit switch { MetricUnit.Ratio => GoalUnit.Ratio, MetricUnit.Money => GoalUnit.Money, _ => GoalUnit.Count },
                    From = goal.From,
                    To = goal.To,
                    HorizonMonths = goal.HorizonMonths,
                    Text = i.Quote,
                }
                : null,
            Source = Locate(message, i.Quote),
        }).ToList();
        var notUnderstood = (output.NotUnderstood ?? []).Select(quote => new NotUnderstood(Locate(message, quote), "unknown_words")).ToList();
        return new IntentReading(intents, notUnderstood);
    }

    private static TextSpan Locate(string message, string quote)
    {
        var at = string.IsNullOrEmpty(quote) ? -1 : message.IndexOf(quote, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? new TextSpan(0, message.Length, message) : new TextSpan(at, quote.Length, message.Substring(at, quote.Length));
    }

    private static readonly string Instructions = $$"""
        You read one message of a company talking to a KPI-and-bonus planning assistant, in Russian or English, and return
        what it asks for as JSON intents. You never invent numbers: every value must be written in the message. Ratios
        are fractions (40 % is 0.4). Quote the exact words each intent comes from. Put anything you cannot map into
        notUnderstood, quoted; never guess.
        Kinds: team (role, count), goal (goal: metric, direction increase|decrease|reach, from, to, horizonMonths),
        baseline (metric, value: where a goal's metric stands now), salary (role or none for everyone, value per month),
        budget (value per month), average_deal (value), months (count: plan length), variable_share (role, value or
        change), weight (role, metric, value or change), add_kpi (role, metric), remove_kpi (role, metric), threshold
        (metric, value: attainment like 0.8), cap (metric, value like 1.5), accelerator (metric, value: rate above 100 %
        like 1.5), seasonal (metric, change: weight added like 0.1, months: calendar months 1-12), target (metric,
        value), ramp (metric or none, count: months), scheme (own_product|client_budget|own_budget), why (role, metric),
        skip (the user declines the question), apply_proposals and drop_proposals (items: the numbers of a plan review's
        proposals, empty for all).
        Roles: {{string.Join(", ", Enum.GetValues<Role>().Select(r => r.WireName()))}}.
        Metrics: {{string.Join(", ", MetricCatalogue.All.Select(m => m.Key))}}; component ids: {{string.Join(", ", IntentValidator.ComponentIds)}}.
        """;
}

/// <summary>The JSON the language model answers.</summary>
public sealed record ModelOutput(IReadOnlyList<ModelIntent> Intents, IReadOnlyList<string>? NotUnderstood = null);

public sealed record ModelIntent(
    IntentKind Kind,
    string Quote,
    Role? Role = null,
    string? Metric = null,
    int? Count = null,
    decimal? Value = null,
    decimal? Change = null,
    IReadOnlyList<int>? Months = null,
    LeadGeneratorScheme? Scheme = null,
    ModelGoal? Goal = null,
    IReadOnlyList<int>? Items = null);

public sealed record ModelGoal(string Metric, GoalDirection Direction, decimal? From, decimal? To, int? HorizonMonths);
